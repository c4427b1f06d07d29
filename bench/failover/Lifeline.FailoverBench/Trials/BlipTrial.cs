namespace Lifeline.FailoverBench.Trials;

/// <summary>
/// One blip: the primary PostgreSQL (postmaster and children) stopped for <see cref="PausedS"/>, then continued.
/// <see cref="Failover"/> is a leader change seen within the observation window; <see cref="WriterStallS"/> is the
/// longest gap between acknowledged workload writes around the blip.
/// </summary>
internal sealed record BlipTrial(int Trial, double PausedS, bool Failover, bool LeaderLostLock, double? WriterStallS, string? Error);
