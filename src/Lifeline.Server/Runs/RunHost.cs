using System.Collections.Concurrent;
using Lifeline.Engine.Scheduling;
using Lifeline.Server.Hosting;

namespace Lifeline.Server.Runs;

/// <summary>
/// The engine inside the server: runs started or resumed through the API execute here in the background, waiting at
/// gates for decisions (which any process may record), and stop with the server (a stopped run is resumable). As a
/// hosted service it drains them when the server stops, asynchronously, within the host's shutdown timeout.
/// </summary>
internal sealed class RunHost(ServerState state, RunEventHub hub, ServerOptions options, IHostApplicationLifetime lifetime, ILogger<RunHost> logger) : IHostedService
{
    /// <summary>How long shutdown waits for background runs to record where they stopped.</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Task, byte> _executing = new();

    public RunBehaviour Behaviour => RunBehaviour.Default with { WaitForDecisions = true, DecisionPollInterval = options.DecisionPollInterval };

    /// <summary>Starts a run in the background; returns its id once it is recorded, or why it could not start.</summary>
    public Task<(string? RunId, string? Error)> StartAsync(StartRunRequest request) =>
        LaunchAsync(observer => state.Runs.StartAsync(request with { Behaviour = request.Behaviour with { WaitForDecisions = true, DecisionPollInterval = options.DecisionPollInterval } }, observer, lifetime.ApplicationStopping));

    /// <summary>Resumes a run in the background; the error names why not (finished, or executing in another process).</summary>
    public Task<(string? RunId, string? Error)> ResumeAsync(string runId) =>
        LaunchAsync(observer => state.Runs.ResumeAsync(runId, Behaviour, observer, lifetime.ApplicationStopping));

    /// <summary>Runs <paramref name="work"/> in the background, tracked so shutdown can wait for it.</summary>
    public void Track(Func<Task> work)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await work();
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                Log.BackgroundFailed(logger, ex);
            }
        });
        _executing[task] = 0;
        task.ContinueWith(t => _executing.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>Waits (bounded) for background runs to notice shutdown and record where they stopped.</summary>
    public async Task DrainAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        try
        {
            // Tracked work catches its own failures, so this only ever waits.
            await Task.WhenAll(_executing.Keys).WaitAsync(limit, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
        }
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called after ApplicationStopping was signalled, so every run has been told to stop; waits for them.</summary>
    Task IHostedService.StopAsync(CancellationToken cancellationToken) => DrainAsync(DrainLimit, cancellationToken);

    private async Task<(string? RunId, string? Error)> LaunchAsync(Func<Engine.Runs.IRunObserver, Task<RunOutcome>> execute)
    {
        var recorded = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var observer = hub.Observer(e => recorded.TrySetResult(e.RunId));
        var outcome = new TaskCompletionSource<RunOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        Track(async () =>
        {
            try
            {
                var result = await execute(observer);
                outcome.TrySetResult(result);
                if (result.Report is { } report)
                {
                    Log.RunFinished(logger, report.RunId, report.Status);
                }
            }
            catch (Exception ex)
            {
                outcome.TrySetException(ex);
                throw;
            }
        });
        if (await Task.WhenAny(recorded.Task, outcome.Task) == recorded.Task)
        {
            return (await recorded.Task, null);
        }

        var done = await outcome.Task;
        return (done.Report?.RunId, done.Report is null ? done.Error : null);
    }
}
