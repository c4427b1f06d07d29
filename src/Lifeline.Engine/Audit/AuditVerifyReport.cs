namespace Lifeline.Engine.Audit;

/// <summary>
/// What <c>lifeline audit verify</c> reports: the chain's verification (the same fields as <see cref="AuditVerification"/>)
/// and the signed checkpoints'. <see cref="Ok"/> only when both hold.
/// </summary>
public sealed record AuditVerifyReport(bool Ok, long RecordsChecked, long? FirstBadSequence, string? Reason, string LastHash, CheckpointVerification Checkpoints)
{
    public static AuditVerifyReport From(AuditVerification chain, CheckpointVerification checkpoints)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(checkpoints);
        return new(chain.Ok && checkpoints.Ok, chain.RecordsChecked, chain.FirstBadSequence, chain.Reason, chain.LastHash, checkpoints);
    }
}
