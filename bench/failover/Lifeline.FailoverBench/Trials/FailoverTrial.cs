namespace Lifeline.FailoverBench.Trials;

/// <summary>
/// One fault (<see cref="Fault"/>: SIGKILL of the primary host, or a partition of it) and what followed. Times are
/// seconds from the fault; null when the trial failed before reaching that point (<see cref="Error"/> says why).
/// </summary>
internal sealed record FailoverTrial(
    int Trial,
    double? FaultToWritableS,
    double? FaultToValidatedS,
    int? LostWrites,
    int? AcknowledgedWrites,
    string? OldLeader,
    string? NewLeader,
    string? Error)
{
    /// <summary><see cref="Faults.FaultKind.Kill"/> or <see cref="Faults.FaultKind.Partition"/>.</summary>
    public string Fault { get; init; } = Faults.FaultKind.Kill;

    /// <summary>
    /// Partition only: writes the old primary acknowledged to a client that could still reach it, from the moment the
    /// new primary was first seen writable (null for a SIGKILL: nothing is left to write to).
    /// </summary>
    public int? OldPrimaryWritesAfterWritable { get; init; }

    /// <summary>Partition only: the old primary's last acknowledged write, seconds after the fault.</summary>
    public double? OldPrimaryLastWriteS { get; init; }
}
