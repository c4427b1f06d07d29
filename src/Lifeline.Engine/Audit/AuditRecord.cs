namespace Lifeline.Engine.Audit;

/// <summary>
/// One entry of the audit trail as stored. <see cref="Hash"/> is the lowercase hex SHA-256 of the canonical encoding of
/// every other field (see <see cref="AuditHasher"/>), including <see cref="PreviousHash"/>, so each record seals the one
/// before it. The first record's <see cref="PreviousHash"/> is <see cref="AuditHasher.GenesisHash"/> (64 zeros).
/// <see cref="Detail"/> is JSON text with secrets already redacted by the caller (see <c>AuditEntry.Create</c>).
/// </summary>
public sealed record AuditRecord(
    long Sequence,
    DateTimeOffset At,
    string Actor,
    string Action,
    string? RunId,
    string? IncidentId,
    string? StepId,
    string Detail,
    string PreviousHash,
    string Hash);
