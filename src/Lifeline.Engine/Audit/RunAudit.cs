using Lifeline.Engine.Runs;
using Lifeline.Engine.Secrets;

namespace Lifeline.Engine.Audit;

/// <summary>
/// Which run events belong in the audit trail — decisions, actions and their outcomes, messages, and the run's own
/// start, pause and end — and how they are written there (redacted, with the run's epoch).
/// </summary>
internal static class RunAudit
{
    private static readonly HashSet<RunEventKind> Audited =
    [
        RunEventKind.RunStarted,
        RunEventKind.RunResumed,
        RunEventKind.RunWaiting,
        RunEventKind.RunFinished,
        RunEventKind.StepSucceeded,
        RunEventKind.StepFailed,
        RunEventKind.StepNeedsOperator,
        RunEventKind.Decision,
        RunEventKind.NoticeSent,
        RunEventKind.NoticeUndelivered,
        RunEventKind.Evidence,
    ];

    public static async Task RecordAsync(IAuditTrail? audit, RunEvent runEvent, string actor, long epoch, Redactor redactor, CancellationToken cancellationToken)
    {
        if (audit is null || !Audited.Contains(runEvent.Kind))
        {
            return;
        }

        var detail = new Dictionary<string, string>
        {
            ["message"] = runEvent.Message,
            ["epoch"] = epoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (runEvent.PhaseId is not null)
        {
            detail["phase"] = runEvent.PhaseId;
        }

        if (runEvent.Attempt > 0)
        {
            detail["attempt"] = runEvent.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var action = "run." + runEvent.Kind.ToString();
        await audit.AppendAsync(AuditEntry.Create(actor, action, detail, redactor, runEvent.RunId, null, runEvent.StepId), cancellationToken);
    }
}
