using System.Threading.Channels;
using Lifeline.Core.Plans;
using Lifeline.Core.Time;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Steps;

namespace Lifeline.Engine.Scheduling;

/// <summary>
/// Executes a run: phases in order; inside a phase, every step whose <c>needs</c> are met starts at once, so
/// independent steps run in parallel. Each step is recorded as running before it acts and as finished after.
/// </summary>
internal sealed partial class RunExecutor(RunSession session)
{
    private readonly StepRunner _runner = new(session);
    private readonly Lock _detachedGate = new();

    /// <summary>Writes started from timer callbacks (budget overruns); awaited before the run returns.</summary>
    private readonly List<Task> _detached = [];

    public async Task<RunStatus> ExecuteAsync(CancellationToken cancellationToken)
    {
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watcher = WatchForAbortAsync(abort, abort.Token);
        using var stopUpdates = CancellationTokenSource.CreateLinkedTokenSource(abort.Token);
        var updates = session.Plan.StatusUpdates is { } policy ? SendStatusUpdatesAsync(policy, stopUpdates.Token) : Task.CompletedTask;
        // Beside the first phase, so the recovery's first step on a provider does not wait for its preparation.
        var preparing = ProviderPreparation.RunAsync(ProviderPreparation.For([session.Plan], session.Estate, session.Run.Profile, session.Providers), abort.Token);
        try
        {
            foreach (var phase in session.Plan.Phases)
            {
                var outcome = await RunPhaseAsync(phase, abort.Token);
                if (outcome == PhaseOutcome.Stopped)
                {
                    await SkipRemainingAsync("the run stopped after a failed step", abort.Token);
                    return await FinishAsync(RunStatus.Failed, FailureSummary(), cancellationToken);
                }

                if (outcome == PhaseOutcome.Blocked)
                {
                    return await ParkAsync(cancellationToken);
                }
            }

            return await FinishAsync(RunStatus.Succeeded, null, cancellationToken);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await InterruptRunningAsync("aborted by an operator while it ran", CancellationToken.None);
            await SkipRemainingAsync("the run was aborted", CancellationToken.None);
            return await FinishAsync(RunStatus.Aborted, "aborted by an operator", CancellationToken.None);
        }
        finally
        {
            await stopUpdates.CancelAsync();
            await updates;
            var aborted = abort.IsCancellationRequested;
            await abort.CancelAsync();
            await watcher;
            await preparing;
            Task[] detached;
            lock (_detachedGate)
            {
                detached = [.. _detached];
            }

            await Task.WhenAll(detached);

            // The run's outcome is recorded; its notices may take a little longer, but never longer than the grace,
            // and an aborted or interrupted run does not wait for them at all.
            await session.Outbox.DrainAsync(aborted || cancellationToken.IsCancellationRequested ? TimeSpan.Zero : session.Behaviour.Deliveries.Grace);
        }
    }

    private async Task<PhaseOutcome> RunPhaseAsync(Phase phase, CancellationToken cancellationToken)
    {
        var states = phase.Steps.Select(s => session.States[s.Id]).ToList();
        if (states.TrueForAll(s => s.Status.IsTerminal()))
        {
            return states.Exists(s => s.Status == StepStatus.Failed && session.StepsById[s.StepId].OnFailure != OnFailure.Continue)
                ? PhaseOutcome.Stopped
                : PhaseOutcome.Completed;
        }

        var phaseStart = states.Where(s => s.StartedAt is not null).Select(s => s.StartedAt!.Value).DefaultIfEmpty(session.Time.GetUtcNow()).Min();
        if (states.TrueForAll(s => s.StartedAt is null))
        {
            await session.PublishAsync(session.Event(RunEventKind.PhaseStarted, $"{phase.Name} (budget {DurationText.Format(phase.Budget)})", phase.Id), cancellationToken);
        }

        using var overrun = WatchBudget(phase, phaseStart);
        using var phaseStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var started = new List<Task>();
        try
        {
            return await RunStepsAsync(phase, phaseStart, started, phaseStop.Token);
        }
        finally
        {
            // Every step this phase started is awaited, also when the phase ends by abort or by a bug: none outlives
            // its run. A step still running here was cancelled (through the phase's token) and ends promptly.
            if (!started.TrueForAll(t => t.IsCompleted))
            {
                await phaseStop.CancelAsync();
            }

            await Task.WhenAll(started);
        }
    }

    private async Task<PhaseOutcome> RunStepsAsync(Phase phase, DateTimeOffset phaseStart, List<Task> started, CancellationToken cancellationToken)
    {
        var completions = Channel.CreateUnbounded<StepCompletion>(new UnboundedChannelOptions { SingleReader = true });
        var dependents = Dependents(phase);
        IEnumerable<Step> candidates = phase.Steps;
        var running = 0;
        var stop = false;
        while (true)
        {
            if (!stop)
            {
                // Only the steps that the last completion could have unblocked are looked at, so a wide plan costs
                // O(steps + edges), not O(steps²).
                foreach (var step in candidates)
                {
                    if (session.States[step.Id].Status == StepStatus.Pending && IsReady(step))
                    {
                        session.States[step.Id] = session.States[step.Id] with { Status = StepStatus.Running };
                        running++;
                        started.Add(RunStepAsync(step, phase, completions.Writer, cancellationToken));
                    }
                }
            }

            if (running == 0)
            {
                break;
            }

            var completion = await completions.Reader.ReadAsync(cancellationToken);
            running--;
            candidates = dependents.TryGetValue(completion.Step.Id, out var unblocked) ? unblocked : [];
            if (completion.Exception is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(completion.Exception);
            }

            if (completion.Result.IsFailure && completion.Step.OnFailure != OnFailure.Continue)
            {
                stop = true;
            }
        }

        if (stop)
        {
            return PhaseOutcome.Stopped;
        }

        var blocked = phase.Steps.Where(s => session.States[s.Id].Status is StepStatus.Waiting or StepStatus.NeedsOperator).ToList();
        if (blocked.Count > 0)
        {
            return PhaseOutcome.Blocked;
        }

        // Steps whose needs failed (with on-failure: continue upstream they would have run) can never start.
        foreach (var step in phase.Steps.Where(s => session.States[s.Id].Status == StepStatus.Pending))
        {
            await SkipAsync(step, phase, "an upstream step did not succeed", cancellationToken);
        }

        var actual = session.Time.GetUtcNow() - phaseStart;
        var verdict = actual > phase.Budget ? "over budget" : "within budget";
        await session.PublishAsync(
            session.Event(RunEventKind.PhaseFinished, $"{phase.Name} finished in {DurationText.Format(actual)} of {DurationText.Format(phase.Budget)} ({verdict})", phase.Id),
            cancellationToken);
        return PhaseOutcome.Completed;
    }

    private static Dictionary<string, List<Step>> Dependents(Phase phase)
    {
        var dependents = new Dictionary<string, List<Step>>(StringComparer.Ordinal);
        foreach (var step in phase.Steps)
        {
            foreach (var need in step.Needs)
            {
                if (!dependents.TryGetValue(need, out var list))
                {
                    dependents[need] = list = [];
                }

                list.Add(step);
            }
        }

        return dependents;
    }

    private bool IsReady(Step step)
    {
        foreach (var need in step.Needs)
        {
            var state = session.States[need];
            var ok = state.Status == StepStatus.Succeeded
                || (state.Status == StepStatus.Failed && session.StepsById[need].OnFailure == OnFailure.Continue);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private ITimer? WatchBudget(Phase phase, DateTimeOffset phaseStart)
    {
        var due = phaseStart + phase.Budget - session.Time.GetUtcNow();
        if (due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }

        return session.Time.CreateTimer(
            _ =>
            {
                var runEvent = session.Event(
                    RunEventKind.PhaseOverrun,
                    $"warning: {phase.Name} has overrun its budget of {DurationText.Format(phase.Budget)}",
                    phase.Id);
                lock (_detachedGate)
                {
                    _detached.Add(session.PublishAsync(runEvent, CancellationToken.None));
                }
            },
            null,
            due,
            Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Polls the store for an abort (<c>lifeline runs abort</c> writes it from another process) every decision poll
    /// interval, and cancels the run's token when it sees one: running steps are cancelled, and awaited by their phase.
    /// </summary>
    private async Task WatchForAbortAsync(CancellationTokenSource abort, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await session.Decisions.DelayAsync(session.Behaviour.DecisionPollInterval, cancellationToken);
                if (await session.Decisions.AbortRequestedAsync(cancellationToken))
                {
                    await abort.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private enum PhaseOutcome
    {
        Completed,
        Stopped,
        Blocked,
    }

    private sealed record StepCompletion(Step Step, StepResult Result, Exception? Exception);
}
