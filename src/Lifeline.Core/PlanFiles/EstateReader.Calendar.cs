using Cronos;
using Lifeline.Core.Estates;

namespace Lifeline.Core.PlanFiles;

internal sealed partial class EstateReader
{
    private List<CalendarItem> ReadCalendar(MappingReader estate, List<Contact> contacts)
    {
        var items = new List<CalendarItem>();
        foreach (var (id, reader) in estate.MapOf("calendar", id => $"calendar item '{id}'"))
        {
            if (reader is null)
            {
                continue;
            }

            var text = reader.String("cadence") ?? "";
            CronExpression? cadence = null;
            if (reader.Has("cadence"))
            {
                try
                {
                    cadence = CronExpression.Parse(text, CronFormat.Standard);
                }
                catch (CronFormatException ex)
                {
                    context.Diagnostics.Error(reader.ValueLocation("cadence")!, $"cadence '{text}' is not a cron expression: {ex.Message.TrimEnd('.')}", "five fields (minute hour day-of-month month day-of-week, UTC), e.g. '0 9 1 * *'");
                }
            }

            var owner = reader.String("owner");
            if (owner is not null)
            {
                References.Contact(context.Diagnostics, new KeyedLocation(owner, reader.ValueLocation("owner")!), contacts);
            }

            var mode = reader.Enum("mode") == "game-day" ? CalendarMode.GameDay : CalendarMode.Sandbox;
            var task = reader.String("task");
            if (task is not null && reader.Has("mode"))
            {
                context.Diagnostics.Error(reader.KeyLocation("mode")!, $"calendar item '{id.Name}' is a task; mode applies to drills only", "mode with drill, or no mode");
            }

            if (reader.String("drill") is not null && (reader.Has("checklist") || reader.Has("due-within")))
            {
                context.Diagnostics.Error(reader.KeyLocation(reader.Has("checklist") ? "checklist" : "due-within")!, $"calendar item '{id.Name}' is a drill; checklist and due-within apply to tasks only", "checklist and due-within with task");
            }

            var acknowledgeWithin = reader.Duration("acknowledge-within");
            var minAcknowledged = reader.Integer("min-acknowledged");
            if (task is null && (reader.Has("acknowledge-within") || reader.Has("min-acknowledged")))
            {
                context.Diagnostics.Error(reader.KeyLocation(reader.Has("acknowledge-within") ? "acknowledge-within" : "min-acknowledged")!, $"calendar item '{id.Name}' is not a task; acknowledge-within and min-acknowledged make a task a communications test", "acknowledge-within and min-acknowledged with task");
            }
            else if (minAcknowledged is not null && acknowledgeWithin is null)
            {
                context.Diagnostics.Error(reader.KeyLocation("min-acknowledged")!, $"calendar item '{id.Name}' has min-acknowledged but no acknowledge-within", "acknowledge-within, e.g. 15m, with min-acknowledged");
            }

            if (minAcknowledged is < 1 or > 100)
            {
                context.Diagnostics.Error(reader.ValueLocation("min-acknowledged")!, $"min-acknowledged {minAcknowledged} is not a percentage of recipients", "a whole number from 1 to 100");
            }

            if (cadence is not null)
            {
                items.Add(new CalendarItem(
                    id.Name,
                    reader.String("description") ?? "",
                    cadence,
                    text,
                    owner ?? "",
                    reader.String("drill"),
                    mode,
                    task,
                    [.. reader.StringList("checklist").Select(c => c.Name)],
                    reader.Duration("due-within") ?? CalendarItem.DefaultDueWithin,
                    id.Location)
                {
                    AcknowledgeWithin = task is null ? null : acknowledgeWithin,
                    MinAcknowledgedPercent = minAcknowledged ?? 100,
                });
            }
        }

        return items;
    }
}
