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
                    id.Location));
            }
        }

        return items;
    }
}
