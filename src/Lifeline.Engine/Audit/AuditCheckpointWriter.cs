using System.Security.Cryptography;

namespace Lifeline.Engine.Audit;

/// <summary>
/// Signs the trail's current head and stores the checkpoint. It verifies the chain first and refuses to sign a broken
/// or empty one, so a checkpoint never vouches for tampered records. Reusable: a long-running process can call
/// <see cref="WriteAsync"/> on a timer.
/// </summary>
public sealed class AuditCheckpointWriter(SqliteAuditTrail trail, TimeProvider time)
{
    public async Task<(AuditCheckpoint? Checkpoint, string? Error)> WriteAsync(ECDsa key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var chain = await trail.VerifyAsync(null, cancellationToken);
        if (!chain.Ok)
        {
            return (null, $"audit trail broken: {chain.Reason}; refusing to sign it");
        }

        if (chain.RecordsChecked == 0)
        {
            return (null, "the audit trail is empty; nothing to checkpoint");
        }

        // Records are numbered from 1 without gaps (verified above), so the head is record RecordsChecked.
        var at = time.GetUtcNow().ToUniversalTime();
        var signature = key.SignData(AuditCheckpoint.Payload(chain.RecordsChecked, chain.LastHash, at), HashAlgorithmName.SHA256);
        var checkpoint = new AuditCheckpoint(0, chain.RecordsChecked, chain.LastHash, at, AuditKeys.KeyId(key), Convert.ToBase64String(signature));
        return (await trail.AppendCheckpointAsync(checkpoint, cancellationToken), null);
    }
}
