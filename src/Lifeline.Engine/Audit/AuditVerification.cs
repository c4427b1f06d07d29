namespace Lifeline.Engine.Audit;

/// <summary>
/// The outcome of verifying the trail. When <see cref="Ok"/> is false, <see cref="FirstBadSequence"/> and
/// <see cref="Reason"/> name the first record that fails and why. <see cref="LastHash"/> is the hash of the last good
/// record: keep it elsewhere to detect a truncated tail, which the chain alone cannot show.
/// </summary>
public sealed record AuditVerification(bool Ok, long RecordsChecked, long? FirstBadSequence, string? Reason, string LastHash)
{
    internal static AuditVerification Valid(long recordsChecked, string lastHash) => new(true, recordsChecked, null, null, lastHash);

    internal static AuditVerification Broken(long recordsChecked, long sequence, string reason, string lastHash) =>
        new(false, recordsChecked, sequence, reason, lastHash);
}
