namespace Lifeline.Engine.Calendar;

/// <summary>
/// Where one calendar item stands: when it last fell due, when it falls due next, its last drill grade (drills), the
/// game day waiting for an approval, and its open or last task (tasks).
/// </summary>
public sealed record CalendarEntry(string Estate, string Item, string Kind, string Owner, string Cadence, DateTimeOffset? LastDue, DateTimeOffset? NextDue)
{
    public DrillGrade? LastDrill { get; init; }

    public DateTimeOffset? AwaitingApprovalSince { get; init; }

    public CalendarTask? Task { get; init; }
}
