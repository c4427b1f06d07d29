namespace Lifeline.Engine.Audit;

/// <summary>
/// The outcome of checking the signed checkpoints against the chain. <see cref="SignaturesChecked"/> is false when no
/// public key was given (head hashes are still compared). When <see cref="Ok"/> is false, <see cref="FirstBadCheckpoint"/>
/// and <see cref="Reason"/> name the first checkpoint that fails.
/// </summary>
public sealed record CheckpointVerification(bool Ok, int CheckpointsChecked, bool SignaturesChecked, long? FirstBadCheckpoint, string? Reason, long? LatestSequence)
{
    public static readonly CheckpointVerification None = new(true, 0, false, null, null, null);
}
