namespace Lifeline.Engine.Monitoring;

/// <summary>What <c>lifeline monitor status</c> and the server show: stored health and active anti-flapping blocks.</summary>
public sealed record MonitorStatus(IReadOnlyList<HealthSummary> Health, IReadOnlyList<FailoverRecord> Blocks);
