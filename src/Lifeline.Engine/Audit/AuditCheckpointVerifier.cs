using System.Security.Cryptography;

namespace Lifeline.Engine.Audit;

/// <summary>
/// Checks each stored checkpoint, oldest first: signed by the given key (when one is given) with a valid signature, and
/// its head hash equal to the stored hash of the record it names. A chain rewritten from some record on is
/// self-consistent, but its hashes no longer match a checkpoint taken after that record; a cut-off tail leaves a
/// checkpoint naming a record that is gone.
/// </summary>
public static class AuditCheckpointVerifier
{
    public static async Task<CheckpointVerification> VerifyAsync(SqliteAuditTrail trail, ECDsa? publicKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trail);
        var checkpoints = await trail.CheckpointsAsync(cancellationToken);
        var keyId = publicKey is null ? null : AuditKeys.KeyId(publicKey);
        var checkedCount = 0;
        foreach (var checkpoint in checkpoints)
        {
            if (publicKey is not null)
            {
                if (checkpoint.KeyId != keyId)
                {
                    return Broken(checkpoint, checkedCount, publicKey is not null, $"checkpoint {checkpoint.Id} was signed by key {checkpoint.KeyId[..16]}…, not the given public key {keyId![..16]}…");
                }

                if (!Verifies(publicKey, checkpoint))
                {
                    return Broken(checkpoint, checkedCount, publicKey is not null, $"checkpoint {checkpoint.Id}: signature does not verify (forged or altered)");
                }
            }

            var stored = await trail.HashAtAsync(checkpoint.Sequence, cancellationToken);
            if (stored is null)
            {
                return Broken(checkpoint, checkedCount, publicKey is not null, $"checkpoint {checkpoint.Id} covers record {checkpoint.Sequence}, which is missing (the trail was truncated)");
            }

            if (!string.Equals(stored, checkpoint.HeadHash, StringComparison.Ordinal))
            {
                return Broken(checkpoint, checkedCount, publicKey is not null, $"checkpoint {checkpoint.Id}: record {checkpoint.Sequence}'s hash differs from the signed head (the trail was rewritten up to it)");
            }

            checkedCount++;
        }

        return new CheckpointVerification(true, checkedCount, publicKey is not null, null, null, checkpoints.Count == 0 ? null : checkpoints.Max(c => c.Sequence));
    }

    private static bool Verifies(ECDsa key, AuditCheckpoint checkpoint)
    {
        Span<byte> signature = stackalloc byte[132];
        return Convert.TryFromBase64String(checkpoint.Signature, signature, out var length)
            && key.VerifyData(AuditCheckpoint.Payload(checkpoint.Sequence, checkpoint.HeadHash, checkpoint.At), signature[..length], HashAlgorithmName.SHA256);
    }

    private static CheckpointVerification Broken(AuditCheckpoint checkpoint, int checkedCount, bool signaturesChecked, string reason) =>
        new(false, checkedCount, signaturesChecked, checkpoint.Id, reason, null);
}
