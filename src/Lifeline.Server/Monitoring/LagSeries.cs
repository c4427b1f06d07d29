namespace Lifeline.Server.Monitoring;

/// <summary>The replication lag of one database seen from one vantage point, oldest first, against the RPO objective.</summary>
public sealed record LagSeries(string Estate, string Resource, string Vantage, double? RpoObjectiveS, IReadOnlyList<LagPoint> Points);
