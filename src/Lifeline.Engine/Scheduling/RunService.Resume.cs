using Lifeline.Core.Plans;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Runs;

namespace Lifeline.Engine.Scheduling;

public sealed partial class RunService
{
    /// <summary>
    /// Continues a run that was interrupted or is waiting. Finished steps are never run again. A step that was in flight
    /// is re-run only if it is idempotent; otherwise it waits for an operator's retry, mark-done or abort.
    /// </summary>
    public async Task<RunOutcome> ResumeAsync(string runId, RunBehaviour behaviour, IRunObserver observer, CancellationToken cancellationToken)
    {
        var run = await store.GetRunAsync(runId, cancellationToken);
        if (run is null)
        {
            return RunOutcome.Rejected($"no run '{runId}'; see lifeline runs list");
        }

        if (run.Status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Aborted)
        {
            return RunOutcome.Rejected($"run {runId} has already {WireName.Of(run.Status)}; nothing to resume");
        }

        using var claim = store.TryLockRun(runId);
        if (claim is null)
        {
            return RunOutcome.Rejected($"run {runId} is being executed by another process; it will pick up decisions by itself") with { Busy = true };
        }

        if (Restore(run) is not { } loaded || loaded.FindPlan(run.Scenario) is not { } plan)
        {
            return RunOutcome.Rejected($"run {runId} cannot be restored: its stored plan no longer loads with this version of lifeline", 1);
        }

        var session = Session(run, loaded, plan, observer, behaviour with { AutoApprove = behaviour.AutoApprove || run.AutoApprove }, audited: true);
        await ReconcileAsync(session, cancellationToken);
        var resumed = session.Event(RunEventKind.RunResumed, $"run resumed at {time.GetUtcNow():O}");
        await store.UpdateRunAsync(runId, RunStatus.Running, null, null, resumed, cancellationToken);
        await session.AuditAsync(resumed, Environment.UserName, cancellationToken);
        observer.OnEvent(resumed);
        await session.Outbox.ReportOrphansAsync(cancellationToken);
        await new RunExecutor(session).ExecuteAsync(cancellationToken);
        return RunOutcome.Of(await ReportAsync(runId, cancellationToken) ?? throw new InvalidOperationException("run vanished"));
    }

    private async Task ReconcileAsync(RunSession session, CancellationToken cancellationToken)
    {
        var stored = (await store.GetStepsAsync(session.Run.Id, cancellationToken)).ToDictionary(s => s.StepId, StringComparer.Ordinal);
        var decisions = await store.GetDecisionsAsync(session.Run.Id, cancellationToken);
        foreach (var phase in session.Plan.Phases)
        {
            foreach (var step in phase.Steps.SelectMany(s => s.Compensation is null ? [s] : new[] { s, s.Compensation }))
            {
                if (!stored.TryGetValue(step.Id, out var record))
                {
                    session.States[step.Id] = new StepRecord(session.Run.Id, step.Id, StepStatus.Pending, 0, null, null, new Dictionary<string, string>(), null);
                    continue;
                }

                session.States[step.Id] = record;
                switch (record.Status)
                {
                    case StepStatus.Succeeded:
                        session.Outputs[step.Id] = record.Outputs;
                        break;
                    case StepStatus.Waiting:
                        session.States[step.Id] = record with { Status = StepStatus.Pending };
                        break;
                    case StepStatus.Running when RunExecutor.IsIdempotent(step, session):
                        session.States[step.Id] = record with { Status = StepStatus.Pending };
                        await session.PublishAsync(session.Event(RunEventKind.StepLog, $"{step.Name} was in flight when the run stopped; it is idempotent, so it runs again", phase.Id, step.Id, record.Attempt), cancellationToken);
                        break;
                    case StepStatus.Running or StepStatus.NeedsOperator:
                        await ApplyOperatorDecisionAsync(session, phase, step, record, decisions, cancellationToken);
                        break;
                }
            }
        }
    }

    private static async Task ApplyOperatorDecisionAsync(RunSession session, Phase phase, Step step, StepRecord record, IReadOnlyList<OperatorDecision> decisions, CancellationToken cancellationToken)
    {
        // A gate is never marked done, whatever the store holds: it waits for a decision on it again.
        var gate = step.Body is ApprovalBody or ManualBody;
        var decision = decisions.LastOrDefault(d => d.StepId == step.Id && (d.Kind == DecisionKind.Retry || (d.Kind == DecisionKind.MarkDone && !gate)) && d.At >= (record.StartedAt ?? DateTimeOffset.MinValue));
        var now = session.Time.GetUtcNow();
        switch (decision?.Kind)
        {
            case DecisionKind.Retry:
                session.States[step.Id] = record with { Status = StepStatus.Pending };
                break;
            case DecisionKind.MarkDone:
                await session.TransitionAsync(
                    record with { Status = StepStatus.Succeeded, FinishedAt = now, Error = null },
                    session.Event(RunEventKind.StepSucceeded, $"{step.Name} marked done by {decision.By}", phase.Id, step.Id, record.Attempt),
                    cancellationToken);
                session.Outputs[step.Id] = record.Outputs;
                break;
            default:
                if (record.Status != StepStatus.NeedsOperator)
                {
                    await session.TransitionAsync(
                        record with { Status = StepStatus.NeedsOperator, Error = "interrupted while in flight; not idempotent" },
                        session.Event(RunEventKind.StepNeedsOperator, $"{step.Name} was in flight when the run stopped and is not idempotent: it will not run again unless an operator says so", phase.Id, step.Id, record.Attempt),
                        cancellationToken);
                }

                break;
        }
    }
}
