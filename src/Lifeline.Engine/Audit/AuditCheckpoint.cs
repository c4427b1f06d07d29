using System.Globalization;
using System.Text;

namespace Lifeline.Engine.Audit;

/// <summary>
/// A signed statement that the trail's record <see cref="Sequence"/> had hash <see cref="HeadHash"/> at <see cref="At"/>.
/// <see cref="Signature"/> is base64 ECDSA P-256 / SHA-256 (IEEE P1363, r‖s) over <see cref="Payload"/>;
/// <see cref="KeyId"/> is the lowercase hex SHA-256 of the signing key's SubjectPublicKeyInfo. See
/// docs/adr/0007-signed-audit-checkpoints.md.
/// </summary>
public sealed record AuditCheckpoint(long Id, long Sequence, string HeadHash, DateTimeOffset At, string KeyId, string Signature)
{
    /// <summary>
    /// What is signed: UTF-8 of <c>lifeline-audit-checkpoint-v1</c>, the sequence (decimal), the head hash and the time
    /// (ISO 8601 round-trip, UTC), each on its own line.
    /// </summary>
    public static byte[] Payload(long sequence, string headHash, DateTimeOffset at) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"lifeline-audit-checkpoint-v1\n{sequence}\n{headHash}\n{AuditHasher.FormatTime(at)}"));
}
