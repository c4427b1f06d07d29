using Lifeline.Core.PlanFiles;
using Lifeline.Engine.Runs;

namespace Lifeline.Engine.Evidence;

internal sealed partial class EvidenceBuilder
{
    // An every-minute cadence over a year is half a million occurrences; the report names the cap instead of hanging.
    private const int MaxOccurrences = 1_000;

    /// <summary>
    /// Every occurrence of a calendar drill that fell due in the period and was not drilled within its <c>due-within</c>:
    /// no drill run of its scenario started between the due time and the deadline. Occurrences whose deadline is after
    /// the period's end are not yet overdue. Human tasks are not judged: their completion is not stored.
    /// </summary>
    private static CalendarEvidence Calendar(LoadedEstate loaded, IReadOnlyList<RunRecord> drillRuns, DateTimeOffset since, DateTimeOffset until)
    {
        var overdue = new List<OverdueItem>();
        var notJudged = new List<string>();
        foreach (var item in loaded.Estate.Calendar)
        {
            if (!item.IsDrill)
            {
                notJudged.Add($"task '{item.Id}' ({item.Owner}, {item.CadenceText}): whether a human task was done is kept in the scheduler's memory, not in the state file");
                continue;
            }

            var ofScenario = drillRuns.Where(r => r.Scenario == item.Drill).ToList();
            var count = 0;
            for (var due = item.NextAfter(since.AddTicks(-1)); due is { } at && at < until; due = item.NextAfter(at))
            {
                if (++count > MaxOccurrences)
                {
                    notJudged.Add($"drill '{item.Id}': only its first {MaxOccurrences} occurrences in the period were judged");
                    break;
                }

                var deadline = at + item.DueWithin;
                if (deadline > until || ofScenario.Any(r => r.StartedAt >= at && r.StartedAt <= deadline))
                {
                    continue;
                }

                var late = ofScenario.FirstOrDefault(r => r.StartedAt > deadline);
                overdue.Add(new OverdueItem(item.Id, item.Drill!, item.Owner, item.CadenceText, at, deadline, late?.Id, late?.StartedAt));
            }
        }

        return new CalendarEvidence(overdue, notJudged);
    }
}
