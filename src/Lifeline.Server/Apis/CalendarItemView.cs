namespace Lifeline.Server.Apis;

/// <summary>
/// One item of an estate's testing calendar: what it is, who owns it, its cadence, its last drill (the newest run of its
/// scenario in the store) and when it is next due (the cadence's next occurrence after the last drill; overdue when that
/// has passed). <see cref="History"/> holds the item's drills, oldest first.
/// </summary>
public sealed record CalendarItemView(
    string Estate,
    string Item,
    string Description,
    string Kind,
    string Owner,
    string Cadence,
    string? Scenario,
    CalendarDrillRun? LastDrill,
    DateTimeOffset? NextDue,
    bool Overdue,
    IReadOnlyList<CalendarDrillRun> History);
