namespace Lifeline.FailoverBench.Trials;

/// <summary>
/// One fault (SIGKILL of the primary host) and what followed. Times are seconds from the fault; null when the trial
/// failed before reaching that point (<see cref="Error"/> says why).
/// </summary>
internal sealed record FailoverTrial(
    int Trial,
    double? FaultToWritableS,
    double? FaultToValidatedS,
    int? LostWrites,
    int? AcknowledgedWrites,
    string? OldLeader,
    string? NewLeader,
    string? Error);
