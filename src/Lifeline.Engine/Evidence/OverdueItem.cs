namespace Lifeline.Engine.Evidence;

/// <summary>
/// One occurrence of a calendar drill that fell due and was not drilled within its <c>due-within</c>: when it was due,
/// by when it should have run, and the drill that finally ran late (null when none did in the period).
/// </summary>
internal sealed record OverdueItem(string Item, string Scenario, string Owner, string Cadence, DateTimeOffset DueAt, DateTimeOffset Deadline, string? LateRunId, DateTimeOffset? LateRunAt);
