using Lifeline.Engine.Drills;
using Lifeline.Engine.Runs;

namespace Lifeline.Server.Tests.Support;

/// <summary>
/// A stand-in for the sandbox behind the drill seam (bringing up PostgreSQL and PowerDNS would test the sandbox, not
/// the server's handling of the drill's lifetime): it waits until its token is cancelled.
/// </summary>
public sealed class WaitingDrillEnvironment : IDrillEnvironment
{
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Profile => "test";

    public string Scenario => "gated";

    public string DefaultDirectory => Path.GetTempPath();

    public Task<DrillSettings> SettingsAsync(string directory, CancellationToken cancellationToken) =>
        Task.FromResult(DrillSettings.Ok(new Dictionary<string, string>()));

    public async Task<DrillOutcome> RunAsync(DrillRequest request, IProgress<string> progress, IRunObserver observer, CancellationToken cancellationToken)
    {
        Started.TrySetResult();
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return new DrillOutcome(null, "never");
        }
        catch (OperationCanceledException)
        {
            Cancelled.TrySetResult();
            throw;
        }
    }
}
