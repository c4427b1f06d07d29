using Lifeline.Core.Plans;
using Lifeline.Core.Time;
using Lifeline.Engine.Runs;

namespace Lifeline.Engine.Steps;

internal sealed partial class StepRunner
{
    public const string AutoApprover = "drill-auto-approve";

    /// <summary>
    /// An approval gate or manual task. Decisions come from the store (another process may write them); a drill with
    /// auto-approve grants them and records that it did; a timeout applies the gate's policy.
    /// </summary>
    private async Task<StepResult> RunGateAsync(
        StepAttempt attempt,
        int required,
        IReadOnlyList<string> allowed,
        TimeSpan? timeout,
        ApprovalTimeout onTimeout,
        CancellationToken cancellationToken)
    {
        var step = attempt.Step;
        var verb = step.Kind == StepKind.Manual ? "confirmation" : "approval";
        while (true)
        {
            var decisions = await session.Decisions.ForStepAsync(step.Id, cancellationToken);
            var current = decisions.Where(d => d.At >= attempt.FirstStartedAt || d.Kind != DecisionKind.Retry).ToList();
            if (current.FirstOrDefault(d => d.Kind == DecisionKind.Reject) is { } rejection)
            {
                return StepResult.Failed($"rejected by {rejection.By}{(rejection.Reason is null ? "" : $": {rejection.Reason}")}");
            }

            if (current.FirstOrDefault(d => d.Kind == DecisionKind.BreakGlass) is { } glass)
            {
                return StepResult.Succeeded(new Dictionary<string, string> { ["approved_by"] = glass.By, ["break_glass"] = glass.Reason ?? "" });
            }

            // Only approvals count: a mark-done recorded on a gate (refused since; possibly in an older state file) opens nothing.
            var approvers = current.Where(d => d.Kind == DecisionKind.Approve).Select(d => d.By).Distinct().ToList();
            if (approvers.Count >= required)
            {
                return StepResult.Succeeded(new Dictionary<string, string> { ["approved_by"] = string.Join(",", approvers) });
            }

            if (session.Behaviour.AutoApprove)
            {
                var decision = new OperatorDecision(session.Run.Id, step.Id, DecisionKind.Approve, AutoApprover, "drill: gates are granted automatically", true, session.Time.GetUtcNow());
                var granted = session.Event(RunEventKind.Decision, $"{verb} granted automatically (drill)", attempt.Phase.Id, step.Id, attempt.Attempt);
                await session.Store.RecordDecisionAsync(decision, granted, cancellationToken);
                await session.AuditAsync(granted, AutoApprover, cancellationToken);
                return StepResult.Succeeded(new Dictionary<string, string> { ["approved_by"] = AutoApprover });
            }

            var now = session.Time.GetUtcNow();
            if (timeout is { } limit && now - attempt.FirstStartedAt >= limit)
            {
                if (onTimeout == ApprovalTimeout.Approve)
                {
                    var decision = new OperatorDecision(session.Run.Id, step.Id, DecisionKind.Approve, "timeout-policy", $"no decision within {DurationText.Format(limit)}", true, now);
                    var timedOut = session.Event(RunEventKind.Decision, $"{verb} granted by timeout policy after {DurationText.Format(limit)}", attempt.Phase.Id, step.Id, attempt.Attempt);
                    await session.Store.RecordDecisionAsync(decision, timedOut, cancellationToken);
                    await session.AuditAsync(timedOut, "timeout-policy", cancellationToken);
                    return StepResult.Succeeded(new Dictionary<string, string> { ["approved_by"] = "timeout-policy" });
                }

                return StepResult.Failed($"no {verb} within {DurationText.Format(limit)}");
            }

            var who = allowed.Count == 0 ? "any operator" : string.Join(" or ", allowed);
            var waiting = $"waiting for {verb} by {who} ({approvers.Count}/{required}): lifeline runs approve {session.Run.Id} {step.Id}";
            if (!session.Behaviour.WaitForDecisions)
            {
                return StepResult.Waiting(waiting);
            }

            var pause = session.Behaviour.DecisionPollInterval;
            if (timeout is { } t)
            {
                var left = attempt.FirstStartedAt + t - now;
                pause = left < pause ? left : pause;
            }

            await session.Decisions.DelayAsync(pause, cancellationToken);
        }
    }
}
