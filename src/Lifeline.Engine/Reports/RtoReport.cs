namespace Lifeline.Engine.Reports;

/// <summary>The RTO clock: from the run start (or the incident start given with --since) to the end of the run.</summary>
public sealed record RtoReport(string? Tier, double? ObjectiveS, double ElapsedS, DateTimeOffset ClockStart, bool? WithinObjective);
