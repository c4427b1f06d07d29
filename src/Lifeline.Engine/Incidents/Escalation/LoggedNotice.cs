namespace Lifeline.Engine.Incidents.Escalation;

/// <summary>One line of the <see cref="LogFileNotifier"/>'s file.</summary>
public sealed record LoggedNotice(DateTimeOffset At, string IncidentId, NoticeKind Kind, string Key, IReadOnlyList<string> To, string Subject, string Message);
