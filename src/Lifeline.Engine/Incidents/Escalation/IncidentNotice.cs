namespace Lifeline.Engine.Incidents.Escalation;

/// <summary>
/// One page or reminder for an incident. <see cref="Key"/> names it on the timeline (<c>paged level 2</c>,
/// <c>breach reminder HIPAA (7 days left)</c>), which is how it is sent once only; <see cref="To"/> are contact ids.
/// </summary>
public sealed record IncidentNotice(string IncidentId, NoticeKind Kind, string Key, IReadOnlyList<string> To, string Subject, string Message);
