namespace Lifeline.Server.Apis;

/// <summary>Would DR work right now: the checklist for an estate and profile; ready when nothing fails.</summary>
public sealed record ReadinessReport(string Estate, string Profile, bool Ready, DateTimeOffset At, IReadOnlyList<ReadinessCheck> Checks);
