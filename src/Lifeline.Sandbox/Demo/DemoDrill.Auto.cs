using Lifeline.Core.Plans;
using Lifeline.Core.Providers;
using Lifeline.Engine.Monitoring;
using Lifeline.Engine.Scheduling;
using Npgsql;

namespace Lifeline.Sandbox.Demo;

internal sealed partial class DemoDrill
{
    private static readonly TimeSpan WritablePoll = TimeSpan.FromMilliseconds(50);
    private (long Methods, TimeSpan Time) _jitAtWritable;

    /// <summary>
    /// <c>--auto</c>: the monitor watches the sandbox before the fault and starts the recovery itself, with decision
    /// policy auto. Meanwhile an independent poller records when the DR database first accepts writes.
    /// </summary>
    private async Task<(RunOutcome Run, DemoDetection? Detection)> DetectAndRecoverAsync(
        DemoSegment segment, DemoOptions options, Func<string, string?> environment,
        Func<CancellationToken, Task<DateTimeOffset?>> injectFault, DemoTargets targets, bool partition, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var loaded = segment.Loaded;
        var finished = new TaskCompletionSource<MonitorEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var detected = new TaskCompletionSource<MonitorEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var observer = new DemoMonitorObserver(progress, detected, finished);
        var monitorOptions = new MonitorOptions(loaded, DemoOptions.Profile, RunMode.Drill, options.StatePath)
        {
            Interval = options.ProbeInterval,
            DecisionOverride = DecisionPolicy.Auto,
            RunInputs = segment.Inputs,
            ExtraChannels = options.ExtraChannels,
        };
        var (monitor, errors) = await MonitorService.CreateAsync(monitorOptions, providers, environment, time, observer, cancellationToken);
        if (monitor is null)
        {
            return (RunOutcome.Rejected(string.Join("\n", errors)), null);
        }

        await using (monitor)
        {
            // Every demo builds a fresh sandbox, so an anti-flapping block left by an earlier drill does not apply to it.
            var lifted = await monitor.Store.AcknowledgeBlocksAsync(loaded.Estate.Name, segment.Plan.Scenario, Operator, "lifeline demo --auto: a fresh sandbox", time.GetUtcNow(), cancellationToken);
            if (lifted > 0)
            {
                progress.Report($"lifted {lifted} anti-flapping block(s) left by earlier drills: this sandbox is new");
            }

            // The primary site's self-fencing agent: under a partition it fences the old primary itself, and the fence step
            // waits out its lease instead of reaching across the cut.
            var (agent, agentProblem) = await DemoAgent.StartAsync(monitor, loaded, targets, DemoOptions.Profile, providers, environment, options.ProbeInterval, time, new Progress<string>(line => progress.Report($"agent: {line}")), cancellationToken);
            await using var agentLifetime = agent;
            if (agentProblem is not null)
            {
                progress.Report($"no self-fencing agent: {agentProblem}");
            }

            // A monitor in production has long finished compiling its recovery path ahead when an outage comes; the drill
            // does not measure a monitor in its first seconds.
            var warmed = await monitor.WarmedUp.WaitAsync(cancellationToken);
            progress.Report($"monitor: recovery path compiled ahead: {warmed.Methods} methods in {warmed.Elapsed.TotalSeconds:0.0} s");
            using var stopMonitor = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var watching = monitor.RunAsync(stopMonitor.Token);
            try
            {
                // Let the monitor see the healthy estate first, as it would in production; then fail at a random moment
                // between probe rounds, as real faults do, so detection is not always measured from the same phase.
                await Task.Delay(options.ProbeInterval * (2 + Random.Shared.NextDouble()), time, cancellationToken);
                await using var stubborn = partition ? await StartStubbornClientAsync(environment, cancellationToken) : null;
                var jitAtFault = (Methods: System.Runtime.JitInfo.GetCompiledMethodCount(), Time: System.Runtime.JitInfo.GetCompilationTime());
                var faultAt = await injectFault(cancellationToken);
                if (faultAt is null)
                {
                    return (RunOutcome.Rejected("the fault could not be injected"), null);
                }

                using var stopPolling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var writable = FirstWritableAsync(targets.ReplicaConnection, stopPolling.Token);
                var limit = options.CriteriaWindow + TimeSpan.FromSeconds(90);
                var done = await finished.Task.WaitAsync(limit, time, cancellationToken);
                if (done.Kind == MonitorEventKind.Blocked)
                {
                    return (RunOutcome.Rejected(done.Message), null);
                }

                await stopPolling.CancelAsync();
                var writableAt = await writable;
                if (writableAt is not null)
                {
                    // What the JIT compiled between the fault and the writable DR database: time the recovery waited for code.
                    progress.Report($"JIT between the fault and a writable DR database: {_jitAtWritable.Methods - jitAtFault.Methods} methods, {(_jitAtWritable.Time - jitAtFault.Time).TotalMilliseconds:0} ms of compilation");
                }

                if (stubborn is not null)
                {
                    await stubborn.DisposeAsync();
                }

                var decision = detected.Task.IsCompleted ? await detected.Task : null;
                var run = new RunService(providers, monitor.RunStore, time, environment);
                var report = done.RunId is null ? null : await run.ReportAsync(done.RunId, cancellationToken);
                if (report is null)
                {
                    return (RunOutcome.Rejected($"the monitor did not recover the estate: {done.Message}"), null);
                }

                var detection = new DemoDetection(
                    "auto",
                    options.ProbeInterval.TotalSeconds,
                    options.CriteriaWindow.TotalSeconds,
                    decision is null ? null : Math.Round((decision.At - faultAt.Value).TotalSeconds, 3),
                    writableAt is null ? null : Math.Round((writableAt.Value - faultAt.Value).TotalSeconds, 3),
                    report.FinishedAt is { } end ? Math.Round((end - faultAt.Value).TotalSeconds, 3) : null,
                    report.Epoch,
                    decision?.Message ?? "")
                {
                    OldPrimaryWritesAfterWritable = stubborn is null ? null : writableAt is { } w ? stubborn.AcknowledgedSince(w) : null,
                    OldPrimaryLastWriteS = stubborn?.LastAcknowledged is { } last ? Math.Round((last - faultAt.Value).TotalSeconds, 3) : null,
                };
                return (RunOutcome.Of(report) with { IncidentId = done.IncidentId }, detection);
            }
            catch (TimeoutException)
            {
                return (RunOutcome.Rejected("the monitor did not detect the outage and recover within the criteria window plus 90 s"), null);
            }
            finally
            {
                await stopMonitor.CancelAsync();
                await watching;
            }
        }
    }

    /// <summary>
    /// Under a partition, a client at the primary's site that keeps writing to the old primary over its Unix socket, so
    /// the report can say how many writes the old primary accepted once the DR database was writable; null otherwise.
    /// </summary>
    private async Task<DemoStubbornClient?> StartStubbornClientAsync(Func<string, string?> environment, CancellationToken cancellationToken)
    {
        if (environment("LIFELINE_SANDBOX_PG_SOCKET_DIR") is not { Length: > 0 } socket
            || environment("LIFELINE_SANDBOX_PG_PRIMARY_PORT") is not { Length: > 0 } port
            || environment("LIFELINE_SANDBOX_PG_DATABASE") is not { Length: > 0 } database
            || environment("LIFELINE_SANDBOX_PG_USER") is not { Length: > 0 } user)
        {
            return null;
        }

        var connectionString = DemoStubbornClient.ConnectionString(socket, port, database, user);
        await DemoStubbornClient.CreateTableAsync(connectionString, cancellationToken);
        return DemoStubbornClient.Start(connectionString, time);
    }

    private async Task<DateTimeOffset?> FirstWritableAsync(string connectionString, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("select not pg_is_in_recovery() and current_setting('transaction_read_only') = 'off'", connection);
                if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
                {
                    _jitAtWritable = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
                    return time.GetUtcNow();
                }
            }
            catch (NpgsqlException)
            {
                // Not up yet; poll again.
            }
            catch (OperationCanceledException)
            {
                return null;
            }

            try
            {
                await Task.Delay(WritablePoll, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        return null;
    }

    private sealed class DemoMonitorObserver(IProgress<string> progress, TaskCompletionSource<MonitorEvent> detected, TaskCompletionSource<MonitorEvent> finished) : IMonitorObserver
    {
        public void OnEvent(MonitorEvent monitorEvent)
        {
            if (monitorEvent.Kind != MonitorEventKind.HealthChanged)
            {
                progress.Report($"monitor: {monitorEvent.Message}");
            }

            if (monitorEvent.Kind == MonitorEventKind.Detected)
            {
                detected.TrySetResult(monitorEvent);
            }
            else if (monitorEvent.Kind is MonitorEventKind.FailoverFinished or MonitorEventKind.Blocked)
            {
                finished.TrySetResult(monitorEvent);
            }
        }
    }
}
