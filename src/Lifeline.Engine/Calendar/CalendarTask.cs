namespace Lifeline.Engine.Calendar;

/// <summary>A human task that fell due: open until someone marks it done; overdue after its deadline, reminded once.</summary>
public sealed record CalendarTask(string Estate, string Item, string Title, string Owner, IReadOnlyList<string> Checklist, DateTimeOffset DueAt, DateTimeOffset Deadline)
{
    public DateTimeOffset? DoneAt { get; init; }

    public DateTimeOffset? RemindedAt { get; init; }

    public bool OverdueAt(DateTimeOffset now) => DoneAt is null && now > Deadline;
}
