namespace Lifeline.Server.Apis;

/// <summary>
/// One drill of a calendar item as the run store has it: the run, its status, and (once it finished) the RTO it achieved
/// against the plan's objective.
/// </summary>
public sealed record CalendarDrillRun(string RunId, string Mode, string Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, double? RtoS, double? RtoObjectiveS, bool? WithinObjective);
