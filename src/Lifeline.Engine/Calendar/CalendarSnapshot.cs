namespace Lifeline.Engine.Calendar;

/// <summary>Everything the calendar remembers between restarts: where each item stands, every grade, and the approved game days.</summary>
public sealed record CalendarSnapshot(IReadOnlyList<CalendarEntry> Entries, IReadOnlyList<DrillGrade> Grades, IReadOnlyList<CalendarItemKey> Approved)
{
    public static CalendarSnapshot Empty { get; } = new([], [], []);
}
