using Lifeline.Core.Diagnostics;
using Lifeline.Core.Estates;

namespace Lifeline.Core.PlanFiles;

/// <summary>A calendar drill names a plan of the estate: checked once every plan is read.</summary>
internal static class CalendarReferences
{
    public static void Check(Estate estate, IEnumerable<string> scenarios, DiagnosticList diagnostics)
    {
        var known = scenarios.Order(StringComparer.Ordinal).ToList();
        foreach (var item in estate.Calendar.Where(i => i.Drill is { } d && !known.Contains(d)))
        {
            diagnostics.Error(item.Location, $"calendar item '{item.Id}' drills scenario '{item.Drill}', which no plan defines{Suggestions.DidYouMean(item.Drill!, known)}",
                known.Count == 0 ? "a plan in plans/ with that scenario" : ShapeText.OneOf(known));
        }
    }
}
