using System.Globalization;
using System.Net;
using System.Text;

namespace Lifeline.Engine.Evidence;

/// <summary>
/// The evidence as one self-contained HTML page: no script, no external stylesheet, font or image, charts as inline SVG,
/// so it can be mailed, archived and opened offline years later. Everything that comes from data is HTML-encoded.
/// </summary>
internal static class EvidenceHtml
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;max-width:62em;margin:2em auto;padding:0 1em;line-height:1.45;color:#222}
        table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
        th{background:#f3f3f3}.pass{color:#17692f;font-weight:600}.fail{color:#a4161a;font-weight:600}.muted{color:#666}
        pre{background:#f7f7f7;padding:1em;white-space:pre-wrap}svg{display:block;margin:.5em 0 1em}
        """;

    public static string Write(EvidenceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        Append(sb, $"<title>DR evidence: {E(report.Estate)} {Day(report.Since)} to {Day(report.Until)}</title><style>{Style}</style></head><body>\n");
        Append(sb, $"<h1>Disaster-recovery evidence: {E(report.Estate)}</h1>\n");
        Append(sb, $"<p>Period {Time(report.Since)} to {Time(report.Until)}. Generated {Time(report.GeneratedAt)} by Lifeline from the state file.</p>\n");
        Summary(sb, report);
        Objectives(sb, report);
        Drills(sb, report);
        Incidents(sb, report);
        Readiness(sb, report);
        Calendar(sb, report);
        Audit(sb, report);
        Reviews(sb, report);
        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    private static void Summary(StringBuilder sb, EvidenceReport report)
    {
        var passed = report.Drills.Count(d => d.Passed);
        Append(sb, $"<h2>Summary</h2>\n<ul><li>Drills: {report.Drills.Count} ({passed} passed, {report.Drills.Count - passed} failed)</li>");
        Append(sb, $"<li>Incidents: {report.Incidents.Count}</li><li>Overdue calendar occurrences: {report.Calendar.Overdue.Count}</li>");
        Append(sb, $"<li>Audit trail: {Mark(report.Audit.Verification.Ok, "verified", "FAILED verification")}</li></ul>\n");
        sb.Append("<h3>The period at a glance</h3>\n");
        sb.Append(EvidenceCharts.Timeline(report));
    }

    private static void Objectives(StringBuilder sb, EvidenceReport report)
    {
        sb.Append("<h2>Objectives</h2>\n<table><tr><th>objective</th><th>key</th><th>limit</th></tr>\n");
        foreach (var (tier, seconds) in report.RtoObjectivesS.OrderBy(p => p.Value))
        {
            Append(sb, $"<tr><td>RTO</td><td>{E(tier)}</td><td>{E(EvidenceBuilder.Seconds(seconds))}</td></tr>\n");
        }

        foreach (var (dataClass, seconds) in report.RpoObjectivesS.OrderBy(p => p.Value))
        {
            Append(sb, $"<tr><td>RPO</td><td>{E(dataClass)}</td><td>{E(EvidenceBuilder.Seconds(seconds))}</td></tr>\n");
        }

        sb.Append("</table>\n");
    }

    private static void Drills(StringBuilder sb, EvidenceReport report)
    {
        sb.Append("<h2>Drills</h2>\n");
        if (report.Drills.Count == 0)
        {
            sb.Append("<p>No drill ran in the period.</p>\n");
            return;
        }

        sb.Append("<h3>Achieved RTO against the objective</h3>\n");
        sb.Append(EvidenceCharts.Rto(report.Drills));
        sb.Append("<table><tr><th>run</th><th>scenario</th><th>started</th><th>status</th><th>RTO</th><th>RPO</th><th>grade</th></tr>\n");
        foreach (var d in report.Drills)
        {
            Append(sb, $"<tr><td>{E(d.RunId)}</td><td>{E(d.Scenario)}</td><td>{Time(d.StartedAt)}</td><td>{E(d.Status)}</td>");
            Append(sb, $"<td>{Against(d.RtoS, d.RtoObjectiveS, d.RtoTier)}</td><td>{Against(d.RpoS, d.RpoObjectiveS, d.RpoClass)}</td>");
            Append(sb, $"<td>{Mark(d.Passed, "passed", "failed")}{Reasons(d.Reasons)}</td></tr>\n");
        }

        sb.Append("</table>\n");
    }

    private static void Incidents(StringBuilder sb, EvidenceReport report)
    {
        sb.Append("<h2>Incidents</h2>\n");
        if (report.Incidents.Count == 0)
        {
            sb.Append("<p>No incident was open in the period.</p>\n");
            return;
        }

        sb.Append("<table><tr><th>incident</th><th>severity</th><th>opened</th><th>resolved</th><th>runs (RTO)</th><th>data loss (RPO)</th><th>review</th></tr>\n");
        foreach (var i in report.Incidents)
        {
            var runs = i.Runs.Count == 0 ? "<span class=\"muted\">no run linked</span>" : string.Join("<br>", i.Runs.Select(r => $"{E(r.RunId)} ({E(r.Mode)}, {E(r.Status)}): {Against(r.RtoS, r.RtoObjectiveS, null)}"));
            var loss = i.RpoS is { } window ? $"{E(EvidenceBuilder.Seconds(window))}{(i.LostWrites is { } lost ? $", {lost} writes lost" : "")}" : "<span class=\"muted\">not measured</span>";
            Append(sb, $"<tr><td>{E(i.Id)}: {E(i.Title)}<br><span class=\"muted\">{E(i.Status)}, commander {E(i.Commander)}, {i.TimelineEntries} timeline entries</span></td>");
            Append(sb, $"<td>{E(i.Severity)}</td><td>{Time(i.OpenedAt)}</td><td>{(i.ResolvedAt is { } r ? Time(r) : "open")}</td><td>{runs}</td><td>{loss}</td>");
            Append(sb, $"<td><a href=\"{E(i.ReviewLink)}\">post-incident review</a><br><code>{E(i.ReviewCommand)}</code></td></tr>\n");
        }

        sb.Append("</table>\n");
    }

    private static void Readiness(StringBuilder sb, EvidenceReport report)
    {
        sb.Append("<h2>Readiness history</h2>\n");
        if (!report.Readiness.Recorded)
        {
            Append(sb, $"<p class=\"muted\">{E(report.Readiness.Reason ?? "not recorded")}</p>\n");
            return;
        }

        sb.Append("<table><tr><th>checked</th><th>ready</th><th>failing</th></tr>\n");
        foreach (var r in report.Readiness.Reports)
        {
            var failing = string.Join(", ", r.Items.Where(i => i.Status == Engine.Readiness.ReadinessStatus.Fail).Select(i => i.Name));
            Append(sb, $"<tr><td>{Time(r.At)}</td><td>{Mark(r.Ready, "ready", "not ready")}</td><td>{E(failing)}</td></tr>\n");
        }

        sb.Append("</table>\n");
    }

    private static void Calendar(StringBuilder sb, EvidenceReport report)
    {
        sb.Append("<h2>Overdue calendar items</h2>\n");
        if (report.Calendar.Overdue.Count == 0)
        {
            sb.Append("<p>No calendar drill went overdue in the period.</p>\n");
        }
        else
        {
            sb.Append("<table><tr><th>item</th><th>scenario</th><th>owner</th><th>cadence</th><th>due</th><th>deadline</th><th>drilled</th></tr>\n");
            foreach (var o in report.Calendar.Overdue)
            {
                Append(sb, $"<tr><td>{E(o.Item)}</td><td>{E(o.Scenario)}</td><td>{E(o.Owner)}</td><td><code>{E(o.Cadence)}</code></td><td>{Time(o.DueAt)}</td><td>{Time(o.Deadline)}</td>");
                Append(sb, $"<td>{(o.LateRunId is { } late ? $"late: {E(late)} at {Time(o.LateRunAt!.Value)}" : "<span class=\"fail\">not in the period</span>")}</td></tr>\n");
            }

            sb.Append("</table>\n");
        }

        foreach (var note in report.Calendar.NotJudged)
        {
            Append(sb, $"<p class=\"muted\">Not judged: {E(note)}</p>\n");
        }
    }

    private static void Audit(StringBuilder sb, EvidenceReport report)
    {
        var v = report.Audit.Verification;
        sb.Append("<h2>Audit trail</h2>\n<table>\n");
        Append(sb, $"<tr><th>verification</th><td>{Mark(v.Ok, "intact", "FAILED")}{(v.Reason is { } why ? $": {E(why)}" : "")}</td></tr>\n");
        Append(sb, $"<tr><th>records checked</th><td>{v.RecordsChecked}</td></tr>\n<tr><th>last hash</th><td><code>{E(v.LastHash)}</code></td></tr>\n");
        var c = v.Checkpoints;
        Append(sb, $"<tr><th>checkpoints</th><td>{c.CheckpointsChecked} compared with the chain: {Mark(c.Ok, "match", "mismatch")}{(c.Reason is { } bad ? $": {E(bad)}" : "")}; signatures are checked with <code>lifeline audit verify --public-key</code></td></tr>\n");
        if (report.Audit.LatestCheckpoint is { } latest)
        {
            Append(sb, $"<tr><th>latest signed checkpoint</th><td>#{latest.Id} at record {latest.Sequence}, {Time(latest.At)}<br>head <code>{E(latest.HeadHash)}</code><br>key <code>{E(latest.KeyId)}</code><br>signature <code>{E(latest.Signature)}</code></td></tr>\n");
        }
        else
        {
            sb.Append("<tr><th>latest signed checkpoint</th><td class=\"muted\">none: sign one with <code>lifeline audit checkpoint --key KEY</code></td></tr>\n");
        }

        sb.Append("</table>\n");
    }

    private static void Reviews(StringBuilder sb, EvidenceReport report)
    {
        foreach (var i in report.Incidents)
        {
            Append(sb, $"<h2 id=\"{E(i.ReviewLink.TrimStart('#'))}\">Post-incident review: {E(i.Id)}</h2>\n<pre>{E(i.Review)}</pre>\n");
        }
    }

    private static string Against(double? achieved, double? objective, string? key) =>
        achieved is not { } a ? "<span class=\"muted\">not measured</span>"
        : objective is not { } o ? E(EvidenceBuilder.Seconds(a))
        : $"{Mark(a <= o, E(EvidenceBuilder.Seconds(a)), E(EvidenceBuilder.Seconds(a)))} of {E(key is null ? "" : key + " ")}{E(EvidenceBuilder.Seconds(o))}";

    private static string Reasons(IReadOnlyList<string> reasons) =>
        reasons.Count == 0 ? "" : "<ul>" + string.Concat(reasons.Select(r => $"<li>{E(r)}</li>")) + "</ul>";

    private static string Mark(bool good, string yes, string no) => good ? $"<span class=\"pass\">{yes}</span>" : $"<span class=\"fail\">{no}</span>";

    internal static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Append(StringBuilder sb, FormattableString text) => sb.Append(text.ToString(CultureInfo.InvariantCulture));
}
