using System.Globalization;
using Lifeline.Core.Plans;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Secrets;

namespace Lifeline.Engine.Scheduling;

/// <summary>
/// The rules on gate decisions, shared by the CLI and the server: approver lists, N distinct approvers, the four-eyes
/// rule, break-glass, and atomic recording so racing approvals resolve a gate exactly once.
/// </summary>
public sealed partial class RunService
{
    /// <summary>
    /// Whether a run's starter is barred from approving its gates: always for live runs, and for drills whose gates wait for
    /// people (no auto-approve), so a drill rehearses the rule it will meet for real.
    /// </summary>
    public static bool FourEyesApplies(RunRecord run) => run.Mode == RunMode.Live || (run.Mode == RunMode.Drill && !run.AutoApprove);

    private static DecisionError? CheckGateDecision(RunRecord run, Step step, StepRecord? state, DecisionRequest request)
    {
        var allowed = step.Body switch
        {
            ApprovalBody a => a.Approvers,
            ManualBody m => m.Operators,
            _ => null,
        };
        if (allowed is null)
        {
            return DecisionError.Invalid($"step '{step.Id}' is a {WireName.Of(step.Kind)} step; only approval and manual steps take approvals");
        }

        if (state?.Status is StepStatus.Succeeded or StepStatus.Failed)
        {
            return DecisionError.Conflict($"step '{step.Id}' has already {WireName.Of(state.Status)}");
        }

        if (request.Kind == DecisionKind.BreakGlass)
        {
            // Break-glass skips the list, the count and four-eyes; the price is a reason on the record and a P1.
            return string.IsNullOrWhiteSpace(request.Reason)
                ? DecisionError.Invalid($"break-glass on step '{step.Id}' needs a reason; it is audited and raises a P1 incident")
                : null;
        }

        if (allowed.Count > 0 && !allowed.Contains(request.Identity, StringComparer.Ordinal))
        {
            return DecisionError.Forbidden($"'{request.Identity}' may not decide step '{step.Id}'; expected one of: {string.Join(", ", allowed)} (give --as NAME)");
        }

        if (request.Kind == DecisionKind.Approve && step.Body is ApprovalBody && FourEyesApplies(run)
            && (string.Equals(request.By, run.StartedBy, StringComparison.Ordinal) || string.Equals(request.Identity, run.StartedBy, StringComparison.Ordinal)))
        {
            return DecisionError.Forbidden(
                $"four-eyes rule: {run.StartedBy} started run {run.Id} and may not approve its gate '{step.Id}'; another approver must decide (or use break-glass with a reason)");
        }

        return null;
    }

    private async Task<DecisionError?> RecordGateDecisionAsync(RunRecord run, Step step, OperatorDecision decision, RunEvent decided, CancellationToken cancellationToken)
    {
        var required = step.Body is ApprovalBody approval ? Math.Max(1, approval.Count) : 1;
        var vote = await store.RecordGateDecisionAsync(decision, decided, required, cancellationToken);
        if (!vote.Recorded)
        {
            return DecisionError.Conflict(vote.Conflict ?? $"step '{step.Id}' has already been decided");
        }

        var redactor = new Redactor();
        await RunAudit.RecordAsync(audit, decided, decision.By, run.Epoch, redactor, cancellationToken);
        if (decision.Kind == DecisionKind.BreakGlass && audit is not null)
        {
            var detail = new Dictionary<string, string>
            {
                ["reason"] = decision.Reason ?? "",
                ["epoch"] = run.Epoch.ToString(CultureInfo.InvariantCulture),
                ["started_by"] = run.StartedBy,
                ["mode"] = WireName.Of(run.Mode),
            };
            await audit.AppendAsync(AuditEntry.Create(decision.By, "run.BreakGlass", detail, redactor, run.Id, null, step.Id), cancellationToken);
        }

        return null;
    }
}
