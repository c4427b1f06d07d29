namespace Lifeline.Engine.Reports;

/// <summary>
/// A run that promoted a database and then failed or was aborted: the promoted member stays the primary (the newest
/// epoch wins) and nothing reverts it by itself; a person finishes the failover or fails back deliberately.
/// </summary>
public sealed record HalfFinishedFailover(string Promoted, string PromoteStep, long Epoch, string? FailedStep, string Summary, string NextAction);
