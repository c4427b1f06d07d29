namespace Lifeline.Server.Monitoring;

/// <summary>One replication-lag reading: when, and how many seconds the replica was behind.</summary>
public sealed record LagPoint(DateTimeOffset At, double Seconds);
