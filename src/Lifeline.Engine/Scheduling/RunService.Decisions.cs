using Lifeline.Core.Diagnostics;
using Lifeline.Core.Plans;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Runs;

namespace Lifeline.Engine.Scheduling;

public sealed partial class RunService
{
    /// <summary>Records an operator's decision on a run, after checking it makes sense. Returns an error message, or null.</summary>
    public async Task<string?> DecideAsync(string runId, string? stepId, DecisionKind kind, string by, string? reason, CancellationToken cancellationToken) =>
        (await DecideAsync(new DecisionRequest(runId, stepId, kind, by, reason), cancellationToken))?.Message;

    /// <summary>Records an operator's decision on a run, after checking it makes sense. Returns why it was refused, or null.</summary>
    public async Task<DecisionError?> DecideAsync(DecisionRequest request, CancellationToken cancellationToken)
    {
        var (runId, stepId, kind, by, reason) = request;
        var run = await store.GetRunAsync(runId, cancellationToken);
        if (run is null)
        {
            return DecisionError.NotFound($"no run '{runId}'; see lifeline runs list");
        }

        if (run.Status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Aborted)
        {
            return DecisionError.Conflict($"run {runId} has already {WireName.Of(run.Status)}");
        }

        var now = time.GetUtcNow();
        if (kind == DecisionKind.Abort)
        {
            var abort = new OperatorDecision(runId, stepId ?? "", kind, by, reason, false, now);
            var requested = new RunEvent(runId, now, RunEventKind.Decision, null, null, 0, $"abort requested by {by}{(reason is null ? "" : $": {reason}")}");
            await store.RecordDecisionAsync(abort, requested, cancellationToken);
            await Audit.RunAudit.RecordAsync(audit, requested, by, run.Epoch, new Secrets.Redactor(), cancellationToken);
            using var claim = store.TryLockRun(runId);
            if (claim is not null)
            {
                // Nobody is executing the run, so nobody else will notice the abort: close it here.
                await store.UpdateRunAsync(runId, RunStatus.Aborted, now, $"aborted by {by}", new RunEvent(runId, now, RunEventKind.RunFinished, null, null, 0, $"run aborted by {by}"), cancellationToken);
            }

            return null;
        }

        if (Restore(run)?.FindPlan(run.Scenario) is not { } plan)
        {
            return DecisionError.Invalid($"run {runId} cannot be restored with this version of lifeline");
        }

        var step = stepId is null ? null : plan.FindStep(stepId) ?? plan.Steps.Select(s => s.Compensation).FirstOrDefault(c => c?.Id == stepId);
        if (step is null)
        {
            return DecisionError.NotFound($"run {runId} has no step '{stepId}'{Suggestions.DidYouMean(stepId ?? "", plan.Steps.Select(s => s.Id))}");
        }

        var states = await store.GetStepsAsync(runId, cancellationToken);
        var state = states.FirstOrDefault(s => s.StepId == step.Id);
        switch (kind)
        {
            case DecisionKind.Approve or DecisionKind.Reject or DecisionKind.BreakGlass:
                if (CheckGateDecision(run, step, state, request) is { } refused)
                {
                    return refused;
                }

                break;
            case DecisionKind.MarkDone when step.Body is ApprovalBody or ManualBody:
                // A gate opens only by a decision on it (approve, reject, break-glass), never by saying it is done.
                return DecisionError.Forbidden(
                    $"step '{step.Id}' is {(step.Kind == StepKind.Manual ? "a manual task" : "an approval gate")}; mark-done never decides a gate: it needs {(step.Kind == StepKind.Manual ? "a confirmation (approve)" : "an approval")} by an allowed person, or break-glass with a reason");
            case DecisionKind.Retry or DecisionKind.MarkDone:
                if (state?.Status is not (StepStatus.NeedsOperator or StepStatus.Running))
                {
                    return DecisionError.Invalid($"step '{step.Id}' is {(state is null ? WireName.Of(StepStatus.Pending) : WireName.Of(state.Status))}; retry and mark-done are for interrupted steps that need an operator");
                }

                break;
        }

        var verb = kind switch
        {
            DecisionKind.Approve => step.Kind == StepKind.Manual ? "confirmed" : "approved",
            DecisionKind.Reject => "rejected",
            DecisionKind.BreakGlass => "approved with break-glass",
            DecisionKind.Retry => "retry ordered",
            _ => "marked done",
        };
        var decision = new OperatorDecision(runId, step.Id, kind, by, reason, false, now);
        var owner = plan.FindStep(step.Id) is null ? plan.Steps.First(s => s.Compensation?.Id == step.Id).Id : step.Id;
        var decided = new RunEvent(runId, now, RunEventKind.Decision, plan.PhaseOf(owner).Id, step.Id, 0, $"{step.Id} {verb} by {by}{(reason is null ? "" : $": {reason}")}");
        if (kind is DecisionKind.Approve or DecisionKind.Reject or DecisionKind.BreakGlass)
        {
            return await RecordGateDecisionAsync(run, step, decision, decided, cancellationToken);
        }

        await store.RecordDecisionAsync(decision, decided, cancellationToken);
        await Audit.RunAudit.RecordAsync(audit, decided, by, run.Epoch, new Secrets.Redactor(), cancellationToken);
        return null;
    }
}
