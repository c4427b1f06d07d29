using Cronos;
using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.Estates;

/// <summary>
/// One line of the runbook's testing calendar: a cadence (cron, UTC), an owner, and either a plan to drill or a human
/// task with a checklist that must be done within <see cref="DueWithin"/> of falling due.
/// </summary>
public sealed record CalendarItem(
    string Id,
    string Description,
    CronExpression Cadence,
    string CadenceText,
    string Owner,
    string? Drill,
    CalendarMode Mode,
    string? Task,
    IReadOnlyList<string> Checklist,
    TimeSpan DueWithin,
    SourceLocation Location)
{
    public static readonly TimeSpan DefaultDueWithin = TimeSpan.FromDays(7);

    public bool IsDrill => Drill is not null;

    /// <summary>
    /// For a communications test (a task with <c>acknowledge-within</c>): how long recipients have to acknowledge the test
    /// notice; null for any other item.
    /// </summary>
    public TimeSpan? AcknowledgeWithin { get; init; }

    /// <summary>The share of recipients (percent) who must acknowledge within <see cref="AcknowledgeWithin"/> for the test to pass.</summary>
    public int MinAcknowledgedPercent { get; init; } = 100;

    public bool IsCommunicationsTest => AcknowledgeWithin is not null;

    /// <summary>The first time the item falls due strictly after <paramref name="after"/>; null when the cadence never fires again.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) => Cadence.GetNextOccurrence(after, TimeZoneInfo.Utc);
}
