namespace Lifeline.Server.Apis;

/// <summary>A run as listed: cheap to poll (no report is built).</summary>
public sealed record RunSummary(string Id, string Scenario, string Estate, string Mode, string Profile, string Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string StartedBy, long Epoch, string? Reason);
