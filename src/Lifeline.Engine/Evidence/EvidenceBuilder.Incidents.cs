using Lifeline.Engine.Incidents;
using Lifeline.Engine.Incidents.Reviews;
using Lifeline.Engine.Reports;

namespace Lifeline.Engine.Evidence;

internal sealed partial class EvidenceBuilder
{
    /// <summary>Every incident open at some moment of the period, with its review as Lifeline would write it now.</summary>
    private async Task<IReadOnlyList<IncidentEvidence>> IncidentsAsync(IReadOnlyList<Incident> all, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var result = new List<IncidentEvidence>();
        foreach (var incident in all.Where(i => i.OpenedAt < until && (i.ResolvedAt is null || i.ResolvedAt >= since)).OrderBy(i => i.OpenedAt))
        {
            if (await incidents.ViewAsync(incident.Id, cancellationToken) is not { } view)
            {
                continue;
            }

            var reports = new List<RunReport>();
            foreach (var runId in incident.Runs)
            {
                if (await runs.ReportAsync(runId, cancellationToken) is { } report)
                {
                    reports.Add(report);
                }
            }

            result.Add(new IncidentEvidence(
                incident.Id,
                incident.Title,
                incident.Severity,
                IncidentService.Name(incident.Status),
                incident.Commander,
                incident.OpenedAt,
                incident.ResolvedAt,
                [.. reports.Select(r => new IncidentRunEvidence(r.RunId, r.Scenario, r.Mode, r.Status, r.Rto.ElapsedS, r.Rto.ObjectiveS, r.Rto.WithinObjective))],
                incident.Impact.LostWindowS,
                incident.Impact.LostWrites,
                view.Timeline.Count,
                ReviewAnchor(incident.Id),
                $"lifeline incident review {incident.Id}",
                PostIncidentReview.Markdown(view, reports, time.GetUtcNow())));
        }

        return result;
    }

    /// <summary>The review's place in the HTML report: the report is self-contained, so the review is in it.</summary>
    internal static string ReviewAnchor(string incidentId) => "#review-" + incidentId;
}
