using Lifeline.Engine.Deliveries;
using Lifeline.Engine.Incidents;
using Spectre.Console;

namespace Lifeline.Cli.Rendering;

/// <summary>An incident with its breach clocks and complete timeline, as <c>lifeline incident show</c> prints it.</summary>
internal static class IncidentRenderer
{
    public static void Write(IncidentView view)
    {
        var i = view.Incident;
        Terminal.Out.MarkupLine($"[bold]{i.Id}[/] {Markup.Escape(i.Title)} — {i.Severity} ({Markup.Escape(view.SeverityDescription)}), {IncidentService.Name(i.Status)}, commander {Markup.Escape(i.Commander)}");
        foreach (var deadline in view.BreachDeadlines)
        {
            Terminal.Out.MarkupLine($"[yellow]breach clock ({Markup.Escape(deadline.Rule)}): {Markup.Escape(deadline.Obligation)} by {deadline.Due:u} — {deadline.Status}[/]");
        }

        foreach (var item in view.Timeline)
        {
            var sequence = item.Sequence is { } s ? $"#{s} " : "";
            Console.Out.WriteLine($"{item.At:u} {sequence}{item.Text}{(item.Who.Length == 0 ? "" : $" ({item.Who})")}");
        }

        if (view.Deliveries.Count == 0)
        {
            return;
        }

        var undelivered = view.Deliveries.Count(d => d.Status != DeliveryStatus.Sent);
        Console.Out.WriteLine();
        Console.Out.WriteLine($"notices: {view.Deliveries.Count - undelivered} delivered, {undelivered} not delivered");
        foreach (var d in view.Deliveries)
        {
            var why = d.Error is null ? "" : $": {d.Error}";
            var line = $"  {Status(d.Status),-11} {d.Channel} → {d.To} ({d.Attempts} attempt{(d.Attempts == 1 ? "" : "s")}{(d.Required ? ", required" : "")}) {d.Subject}{why}";
            Terminal.Out.MarkupLine(d.Status == DeliveryStatus.Sent ? Markup.Escape(line) : $"[yellow]{Markup.Escape(line)}[/]");
        }
    }

    private static string Status(DeliveryStatus status) => status.ToString().ToLowerInvariant();
}
