using System.Globalization;
using System.Net;
using System.Text;
using Lifeline.Core.Time;
using Lifeline.Engine.Reports;

namespace Lifeline.Engine.Incidents.Reviews;

/// <summary>
/// The post-incident review in the shape of the MedZen template (summary, impact, timeline, root cause, resolution,
/// action items, lessons learned), filled from the timeline and the runs' measured figures. Root cause and lessons are
/// left for people to write; everything Lifeline knows is filled in.
/// </summary>
public static class PostIncidentReview
{
    public static string Markdown(IncidentView view, IReadOnlyList<RunReport> runs, DateTimeOffset now)
    {
        var incident = view.Incident;
        var end = incident.ResolvedAt ?? now;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"## Incident Report: {incident.Title}\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"**Incident:** {incident.Id}\n");
        sb.Append(CultureInfo.InvariantCulture, $"**Date:** {incident.OpenedAt:yyyy-MM-dd}\n");
        sb.Append(CultureInfo.InvariantCulture, $"**Duration:** {DurationText.Format(end - incident.OpenedAt)}{(incident.ResolvedAt is null ? " (still open)" : "")}\n");
        sb.Append(CultureInfo.InvariantCulture, $"**Severity:** {incident.Severity} ({view.SeverityDescription})\n");
        sb.Append(CultureInfo.InvariantCulture, $"**Author:** {incident.Commander}\n\n");

        sb.Append("### Summary\n");
        sb.Append(CultureInfo.InvariantCulture, $"{incident.Title}{(incident.Scenario is null ? "" : $" (scenario {incident.Scenario})")}. Status: {IncidentService.Name(incident.Status)}.");
        foreach (var run in runs)
        {
            sb.Append(CultureInfo.InvariantCulture, $" Run {run.RunId} ({run.Mode}) {run.Status} with an RTO clock of {Seconds(run.Rto.ElapsedS)}{(run.Rto.ObjectiveS is { } o ? $" against an objective of {Seconds(o)}" : "")}.");
        }

        sb.Append("\n\n### Impact\n");
        sb.Append(CultureInfo.InvariantCulture, $"- Users affected: {incident.Impact.UsersAffected?.ToString(CultureInfo.InvariantCulture) ?? "not recorded"}\n");
        sb.Append(CultureInfo.InvariantCulture, $"- Data loss: {(incident.Impact.LostWrites is { } lost ? lost == 0 ? "None (0 acknowledged writes lost, measured)" : $"{lost} acknowledged writes (measured, window {incident.Impact.LostWindowS?.ToString("0.###", CultureInfo.InvariantCulture)} s)" : "not measured")}\n");
        foreach (var run in runs)
        {
            foreach (var phase in run.Phases)
            {
                sb.Append(CultureInfo.InvariantCulture, $"- {phase.Name}: {(phase.ActualS is { } a ? Seconds(a) : "not run")} of {Seconds(phase.BudgetS)} budget ({phase.Status})\n");
            }
        }

        foreach (var deadline in view.BreachDeadlines)
        {
            sb.Append(CultureInfo.InvariantCulture, $"- Breach deadline ({deadline.Rule}): {deadline.Obligation} by {deadline.Due:yyyy-MM-dd} ({deadline.Status})\n");
        }

        sb.Append("\n### Timeline\n");
        foreach (var item in view.Timeline)
        {
            sb.Append(CultureInfo.InvariantCulture, $"- {item.At:HH:mm:ss} - {item.Text}{(item.Who.Length == 0 ? "" : $" ({item.Who})")}\n");
        }

        sb.Append("\n### Root Cause\n_To be written by the review: the technical explanation._\n\n");
        sb.Append("### Resolution\n");
        var resolutions = runs.Where(r => r.Status == "succeeded").Select(r => $"Plan {r.Scenario} ran as {r.Mode} run {r.RunId} and passed its validation.").ToList();
        sb.Append(resolutions.Count == 0 ? "_Not resolved by a plan run._\n" : string.Join("\n", resolutions) + "\n");
        sb.Append("\n### Action Items\n");
        foreach (var task in FollowUpTasks.For(incident, now))
        {
            sb.Append(CultureInfo.InvariantCulture, $"- [ ] {task.Task} - {task.Owner} - {task.Due:yyyy-MM-dd HH:mm}\n");
        }

        sb.Append("\n### Lessons Learned\n_To be written by the review: what we will do differently._\n");
        return sb.ToString();
    }

    /// <summary>The same review as a standalone HTML page (for people who will not read Markdown).</summary>
    public static string Html(string markdown)
    {
        var sb = new StringBuilder("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Incident report</title>"
            + "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.5}li{margin:.2em 0}</style></head><body>\n");
        var inList = false;
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (!line.StartsWith("- ", StringComparison.Ordinal) && inList)
            {
                sb.Append("</ul>\n");
                inList = false;
            }

            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                sb.Append(CultureInfo.InvariantCulture, $"<h3>{Inline(line[4..])}</h3>\n");
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                sb.Append(CultureInfo.InvariantCulture, $"<h2>{Inline(line[3..])}</h2>\n");
            }
            else if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                if (!inList)
                {
                    sb.Append("<ul>\n");
                    inList = true;
                }

                var item = line[2..];
                sb.Append(item.StartsWith("[ ] ", StringComparison.Ordinal)
                    ? $"<li><input type=\"checkbox\" disabled> {Inline(item[4..])}</li>\n"
                    : $"<li>{Inline(item)}</li>\n");
            }
            else if (line.Length > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<p>{Inline(line)}</p>\n");
            }
        }

        if (inList)
        {
            sb.Append("</ul>\n");
        }

        return sb.Append("</body></html>\n").ToString();
    }

    private static string Inline(string text)
    {
        var html = WebUtility.HtmlEncode(text);
        html = System.Text.RegularExpressions.Regex.Replace(html, @"\*\*(.+?)\*\*", "<strong>$1</strong>");
        return System.Text.RegularExpressions.Regex.Replace(html, @"(?<!\w)_(.+?)_(?!\w)", "<em>$1</em>");
    }

    private static string Seconds(double seconds) => DurationText.Format(TimeSpan.FromSeconds(Math.Round(seconds, 1)));
}
