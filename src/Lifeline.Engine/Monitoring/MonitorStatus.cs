namespace Lifeline.Engine.Monitoring;

/// <summary>What <c>lifeline monitor status</c> and the server show: stored health, active anti-flapping blocks, and recent stalls (newest first).</summary>
public sealed record MonitorStatus(IReadOnlyList<HealthSummary> Health, IReadOnlyList<FailoverRecord> Blocks, IReadOnlyList<MonitorStall> Stalls);
