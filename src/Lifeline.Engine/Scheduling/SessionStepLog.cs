using Lifeline.Core.Providers;
using Lifeline.Engine.Runs;

namespace Lifeline.Engine.Scheduling;

/// <summary>A step's log lines become redacted timeline events; writes are queued, not awaited, so logging never stalls a provider.</summary>
internal sealed class SessionStepLog(RunSession session, string phaseId, string stepId) : IStepLog
{
    public int Attempt { get; set; }

    public void Write(string line)
    {
        var runEvent = session.Event(RunEventKind.StepLog, line, phaseId, stepId, Attempt);
        session.Observer.OnEvent(runEvent);
        _ = session.Store.AppendEventAsync(runEvent, CancellationToken.None).ContinueWith(
            static t => _ = t.Exception,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
    }
}
