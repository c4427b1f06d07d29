namespace Lifeline.Engine.Incidents.Escalation;

/// <summary>
/// Delivers an escalation page or a breach reminder. Failures are values: the escalation service records only what was
/// delivered, so a failed notice is tried again on the next tick.
/// </summary>
public interface IIncidentNotifier
{
    Task<NoticeOutcome> SendAsync(IncidentNotice notice, CancellationToken cancellationToken);
}
