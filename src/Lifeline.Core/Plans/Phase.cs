using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.Plans;

/// <summary>
/// A stage of recovery with a time budget. <see cref="WindowStart"/>/<see cref="WindowEnd"/> keep the runbook's window
/// (e.g. 30–120 min after the start); the budget is its length unless given.
/// </summary>
public sealed record Phase(
    string Id,
    string Name,
    TimeSpan Budget,
    TimeSpan? WindowStart,
    TimeSpan? WindowEnd,
    IReadOnlyList<Step> Steps,
    SourceLocation Location);
