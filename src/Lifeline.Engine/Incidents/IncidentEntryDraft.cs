namespace Lifeline.Engine.Incidents;

/// <summary>An entry before the store numbers it.</summary>
public sealed record IncidentEntryDraft(DateTimeOffset At, DateTimeOffset RecordedAt, IncidentEntryKind Kind, string Author, string Text, long? RefersTo = null, DateTimeOffset? CorrectedAt = null);
