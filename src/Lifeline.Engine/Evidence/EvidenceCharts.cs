using System.Globalization;
using System.Text;

namespace Lifeline.Engine.Evidence;

/// <summary>The report's charts as inline SVG: plain shapes and text, readable without a script or a network.</summary>
internal static class EvidenceCharts
{
    private const string Pass = "#2b8a3e";
    private const string Fail = "#c92a2a";
    private const int Width = 760;

    /// <summary>One bar per drill (its achieved RTO), with the objective as a black tick: a bar past its tick missed.</summary>
    public static string Rto(IReadOnlyList<DrillEvidence> drills)
    {
        const int left = 300, right = 80, row = 26;
        var scale = Math.Max(1, drills.Max(d => Math.Max(d.RtoS, d.RtoObjectiveS ?? 0)));
        var plot = Width - left - right;
        var sb = new StringBuilder();
        Append(sb, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{drills.Count * row + 24}\" role=\"img\" aria-label=\"Achieved RTO per drill against its objective\" font-family=\"sans-serif\" font-size=\"12\">\n");
        for (var i = 0; i < drills.Count; i++)
        {
            var d = drills[i];
            var y = i * row + 4;
            var length = d.RtoS / scale * plot;
            Append(sb, $"<text x=\"{left - 6}\" y=\"{y + 14}\" text-anchor=\"end\">{EvidenceHtml.E(d.RunId)} {EvidenceHtml.E(d.Scenario)}</text>\n");
            Append(sb, $"<rect x=\"{left}\" y=\"{y}\" width=\"{N(Math.Max(1, length))}\" height=\"18\" fill=\"{(d.Passed ? Pass : Fail)}\"><title>{EvidenceHtml.E(EvidenceBuilder.Seconds(d.RtoS))}: {d.Grade}</title></rect>\n");
            Append(sb, $"<text x=\"{N(left + length + 4)}\" y=\"{y + 14}\">{EvidenceHtml.E(EvidenceBuilder.Seconds(d.RtoS))}</text>\n");
            if (d.RtoObjectiveS is { } objective)
            {
                var x = left + objective / scale * plot;
                Append(sb, $"<line x1=\"{N(x)}\" x2=\"{N(x)}\" y1=\"{y - 2}\" y2=\"{y + 20}\" stroke=\"#000\" stroke-width=\"2\"><title>objective {EvidenceHtml.E(d.RtoTier ?? "")} {EvidenceHtml.E(EvidenceBuilder.Seconds(objective))}</title></line>\n");
            }
        }

        Append(sb, $"<text x=\"{left}\" y=\"{drills.Count * row + 18}\" fill=\"#666\">bar: achieved RTO (green passed, red failed); tick: objective</text>\n</svg>\n");
        return sb.ToString();
    }

    /// <summary>The period left to right: drills as dots (by grade), incidents as orange spans, overdue occurrences as grey crosses.</summary>
    public static string Timeline(EvidenceReport report)
    {
        const int left = 90, right = 20, height = 130;
        var span = Math.Max(1, (report.Until - report.Since).TotalSeconds);
        var plot = Width - left - right;
        double X(DateTimeOffset at) => left + Math.Clamp((at - report.Since).TotalSeconds / span, 0, 1) * plot;
        var sb = new StringBuilder();
        Append(sb, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"Drills, incidents and overdue items over the period\" font-family=\"sans-serif\" font-size=\"12\">\n");
        string[] lanes = ["drills", "incidents", "overdue"];
        for (var lane = 0; lane < lanes.Length; lane++)
        {
            var y = 20 + lane * 32;
            Append(sb, $"<text x=\"{left - 8}\" y=\"{y + 4}\" text-anchor=\"end\">{lanes[lane]}</text><line x1=\"{left}\" x2=\"{Width - right}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#ddd\"/>\n");
        }

        foreach (var d in report.Drills)
        {
            Append(sb, $"<circle cx=\"{N(X(d.StartedAt))}\" cy=\"20\" r=\"6\" fill=\"{(d.Passed ? Pass : Fail)}\"><title>{EvidenceHtml.E(d.RunId)} {EvidenceHtml.E(d.Scenario)}: {d.Grade}</title></circle>\n");
        }

        foreach (var i in report.Incidents)
        {
            var x1 = X(i.OpenedAt);
            var x2 = X(i.ResolvedAt ?? report.Until);
            Append(sb, $"<rect x=\"{N(x1)}\" y=\"46\" width=\"{N(Math.Max(4, x2 - x1))}\" height=\"12\" fill=\"#e8590c\"><title>{EvidenceHtml.E(i.Id)} {EvidenceHtml.E(i.Title)}</title></rect>\n");
        }

        foreach (var o in report.Calendar.Overdue)
        {
            var x = X(o.Deadline);
            Append(sb, $"<path d=\"M{N(x - 5)} 79 l10 10 m0 -10 l-10 10\" stroke=\"#666\" stroke-width=\"2\"><title>{EvidenceHtml.E(o.Item)} due {o.DueAt:u}, overdue from {o.Deadline:u}</title></path>\n");
        }

        Append(sb, $"<text x=\"{left}\" y=\"{height - 8}\" fill=\"#666\">{report.Since.UtcDateTime:yyyy-MM-dd}</text><text x=\"{Width - right}\" y=\"{height - 8}\" text-anchor=\"end\" fill=\"#666\">{report.Until.UtcDateTime:yyyy-MM-dd}</text>\n</svg>\n");
        return sb.ToString();
    }

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static void Append(StringBuilder sb, FormattableString text) => sb.Append(text.ToString(CultureInfo.InvariantCulture));
}
