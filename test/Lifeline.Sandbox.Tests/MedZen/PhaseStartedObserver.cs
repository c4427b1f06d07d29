using Lifeline.Engine.Runs;

namespace Lifeline.Sandbox.Tests.MedZen;

/// <summary>
/// Completes <see cref="Started"/> when a run starts the named phase: every phase before it is done, so a drill test can
/// act on the state those phases left (a function restarted by a configuration update is serving again).
/// </summary>
internal sealed class PhaseStartedObserver(string phase) : IRunObserver
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Started => _started.Task;

    public void OnEvent(RunEvent runEvent)
    {
        if (runEvent.Kind == RunEventKind.PhaseStarted && runEvent.PhaseId == phase)
        {
            _started.TrySetResult();
        }
    }
}
