using System.Globalization;
using System.Text.RegularExpressions;
using Lifeline.Core.Estates;
using Lifeline.Engine.Reports;

namespace Lifeline.Sandbox.Demo;

/// <summary>
/// The recovery points a drill's plan measured itself: every <c>rpo_&lt;what&gt;_s</c> output of its steps, against the
/// estate's RPO for <c>&lt;what&gt;</c> (underscores read as dashes), or else for the one data class that starts with it
/// (<c>audit</c> → <c>audit-logs</c>).
/// </summary>
internal static partial class DemoExtraRpos
{
    public static IReadOnlyList<DemoExtraRpo> From(RunReport run, Objectives objectives)
    {
        var extra = new List<DemoExtraRpo>();
        foreach (var step in run.Steps)
        {
            foreach (var (name, value) in step.Outputs.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                if (RpoOutput().Match(name) is not { Success: true } match || !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                {
                    continue;
                }

                var what = match.Groups[1].Value.Replace('_', '-');
                var dataClass = objectives.Rpo.ContainsKey(what) ? what : objectives.Rpo.Keys.Where(k => k.StartsWith(what + "-", StringComparison.Ordinal)).ToList() is [var only] ? only : null;
                extra.Add(new DemoExtraRpo(what, step.Id, Math.Round(seconds, 3), dataClass is null ? null : objectives.Rpo[dataClass].TotalSeconds, dataClass));
            }
        }

        return extra;
    }

    [GeneratedRegex("^rpo_([a-z0-9_]+)_s$")]
    private static partial Regex RpoOutput();
}
