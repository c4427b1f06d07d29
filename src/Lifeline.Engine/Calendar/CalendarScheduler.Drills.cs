using Lifeline.Core.Estates;
using Lifeline.Core.PlanFiles;
using Lifeline.Engine.Incidents.Escalation;

namespace Lifeline.Engine.Calendar;

public sealed partial class CalendarScheduler
{
    private async Task<(CalendarEntry Entry, DrillGrade? Grade)> DrillAsync(
        LoadedEstate loaded, CalendarItem item, CalendarEntry entry, DateTimeOffset due, IIncidentNotifier? notifier, CancellationToken cancellationToken)
    {
        bool approved;
        lock (_gate)
        {
            approved = item.Mode != CalendarMode.GameDay || _approved.Remove((loaded.Estate.Name, item.Id));
        }

        if (!approved)
        {
            // Production is drilled only after someone says so; the owner is asked once, and the game day waits.
            if (entry.AwaitingApprovalSince is null && notifier is not null)
            {
                await notifier.SendAsync(Notice(loaded.Estate, item, $"game-day:{item.Id}:{due:O}", $"{loaded.Estate.Name}: game day '{item.Id}' is due and waits for approval",
                    $"The production game day '{item.Id}' ({item.Description}) fell due at {due:u}. It starts only after an approval (lifeline schedule approve {item.Id})."), cancellationToken);
            }

            return (entry with { AwaitingApprovalSince = entry.AwaitingApprovalSince ?? due }, null);
        }

        var request = new DrillRequest(loaded, item, item.Drill!, item.Mode, due);
        var result = await _launcher.RunAsync(request, cancellationToken);
        var grade = DrillGrader.Grade(request, result, _time.GetUtcNow());
        lock (_gate)
        {
            _grades.Add(grade);
        }

        return (entry with { LastDue = due, NextDue = item.NextAfter(due), LastDrill = grade, AwaitingApprovalSince = null }, grade);
    }

    private async Task<CalendarEntry> RemindAsync(Estate estate, CalendarItem item, CalendarEntry entry, IIncidentNotifier? notifier, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (entry.Task is not { RemindedAt: null } task || !task.OverdueAt(now) || notifier is null)
        {
            return entry;
        }

        var outcome = await notifier.SendAsync(Notice(estate, item, $"overdue:{item.Id}:{task.DueAt:O}", $"{estate.Name}: '{task.Title}' is overdue",
            $"'{task.Title}' ({item.Id}) fell due at {task.DueAt:u} and was to be done by {task.Deadline:u}.\nChecklist:\n{string.Join("\n", task.Checklist.Select(c => "- " + c))}"), cancellationToken);

        // Reminded once: a channel that failed is tried again on the next tick, a delivered reminder never repeats.
        return outcome.Delivered ? entry with { Task = task with { RemindedAt = now } } : entry;
    }

    private static IncidentNotice Notice(Estate estate, CalendarItem item, string key, string subject, string message) =>
        new($"calendar-{estate.Name}", NoticeKind.TaskOverdue, key, item.Owner.Length > 0 ? [item.Owner] : [], subject, message);
}
