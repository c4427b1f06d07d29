using Lifeline.Core.Diagnostics;
using Lifeline.Core.Plans;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Steps;

namespace Lifeline.Engine.Scheduling;

internal sealed partial class RunExecutor
{
    private const string StatusUpdateStepId = "status-update";

    /// <summary>
    /// Sends the plan's status update every interval while the run executes, rendered from the run as it stands (the
    /// phase checklist, the ETA from the remaining budgets). A failed update is logged; it never fails the recovery.
    /// </summary>
    private async Task SendStatusUpdatesAsync(StatusUpdatePolicy policy, CancellationToken cancellationToken)
    {
        var number = 0;
        try
        {
            while (true)
            {
                await Task.Delay(policy.Every, session.Time, cancellationToken);
                number++;
                var phase = session.Plan.Phases.FirstOrDefault(p => !p.Steps.All(s => session.States[s.Id].Status.IsTerminal())) ?? session.Plan.Phases[^1];
                var step = new Step(
                    StatusUpdateStepId,
                    $"Status update {number}",
                    new NotifyBody(policy.To, "", "", policy.Channel) { Template = policy.Template },
                    [],
                    null,
                    RetryPolicy.None,
                    OnFailure.Continue,
                    null,
                    SourceLocation.None);
                var log = new SessionStepLog(session, phase.Id, StatusUpdateStepId) { Attempt = number };
                var result = await _runner.RunAsync(new StepAttempt(step, phase, number, session.Time.GetUtcNow(), log), cancellationToken);
                await session.PublishAsync(
                    session.Event(
                        RunEventKind.StepLog,
                        result.IsFailure ? $"warning: status update {number} was not sent: {result.Error}" : $"status update {number} sent ({policy.Template})",
                        phase.Id,
                        StatusUpdateStepId,
                        number),
                    cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
