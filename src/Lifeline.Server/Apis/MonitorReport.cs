namespace Lifeline.Server.Apis;

/// <summary><c>GET /api/monitor</c>: whether this server hosts the monitor, at which interval, and each served estate.</summary>
public sealed record MonitorReport(bool Hosted, double? IntervalS, IReadOnlyList<MonitorEstate> Estates);
