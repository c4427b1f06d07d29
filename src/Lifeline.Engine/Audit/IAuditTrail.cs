namespace Lifeline.Engine.Audit;

/// <summary>
/// An append-only, hash-chained record of who did what. There is no update or delete; <see cref="VerifyAsync"/> finds
/// the first record that was edited, deleted or moved. See docs/adr/0005-hash-chained-audit-trail.md.
/// </summary>
public interface IAuditTrail : IAsyncDisposable
{
    /// <summary>Appends <paramref name="entry"/>; completes when the record is committed, with its sequence and hash.</summary>
    Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Records from <paramref name="fromSequence"/> on, in order.</summary>
    IAsyncEnumerable<AuditRecord> ReadAsync(long fromSequence, CancellationToken cancellationToken);

    /// <summary>Checks every record's hash, link and sequence in order; reports records checked to <paramref name="progress"/>.</summary>
    Task<AuditVerification> VerifyAsync(IProgress<long>? progress, CancellationToken cancellationToken);

    /// <summary>Writes every record as one JSON object per line (UTF-8); returns how many.</summary>
    Task<long> ExportAsync(Stream jsonLines, CancellationToken cancellationToken);
}
