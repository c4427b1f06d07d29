namespace Lifeline.Engine.Incidents;

/// <summary>
/// One thing people recorded about an incident. Entries are never edited: correcting a note's time adds a
/// <see cref="IncidentEntryKind.NoteTimeCorrected"/> entry that <see cref="RefersTo"/> the note, so the correction is
/// itself on the record, carrying the corrected time in <see cref="CorrectedAt"/>. <see cref="At"/> is when it happened; <see cref="RecordedAt"/> when it was written down.
/// </summary>
public sealed record IncidentEntry(
    string IncidentId,
    long Sequence,
    DateTimeOffset At,
    DateTimeOffset RecordedAt,
    IncidentEntryKind Kind,
    string Author,
    string Text,
    long? RefersTo,
    DateTimeOffset? CorrectedAt);
