using System.Globalization;
using System.Text;
using Lifeline.Sandbox.Demo;

namespace Lifeline.Cli.Rendering;

/// <summary>The demo report as Markdown, for the screen and for pasting into a post-incident review.</summary>
internal static class DemoMarkdown
{
    public static string Render(DemoReport report)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"\n# Drill report: {report.Scenario}{(report.Drill.Length > 0 && report.Drill != report.Scenario ? $" (drill {report.Drill})" : "")} ({report.Status})\n\n");
        foreach (var before in report.Before)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Run first, in the same sandbox: {before.Drill} (plan {before.Scenario}, run `{before.RunId}`): {before.Status}, RTO {S(before.Rto.AchievedS)}, {before.Rpo.LostWrites} of {before.Rpo.AcknowledgedWrites} acknowledged writes lost.\n\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"Run `{report.RunId}`, {(report.Rto.From == "fault" ? "fault" : "started")} at {report.FaultAt:u}, replication {(report.Sync ? "synchronous" : "asynchronous")}{(report.IncidentId is null ? "" : $", incident `{report.IncidentId}`")}.\n\n");
        sb.Append("| measure | achieved | objective |\n|---|---|---|\n");
        sb.Append(CultureInfo.InvariantCulture, $"| RTO ({(report.Rto.From == "fault" ? "fault" : "plan start")} → {(report.Rto.To == "validated" ? "validated" : "plan finished")}) | {S(report.Rto.AchievedS)} | {S(report.Rto.ObjectiveS)} |\n");
        sb.Append(CultureInfo.InvariantCulture, $"| client downtime (first failed → first acknowledged write) | {(report.Rto.ClientDowntimeS is { } d ? S(d) : "not recovered")} | |\n");
        sb.Append(CultureInfo.InvariantCulture, $"| RPO: acknowledged writes lost | {(report.Rpo.WritesCounted ? $"{report.Rpo.LostWrites} of {report.Rpo.AcknowledgedWrites}" : "not counted (workload: false)")} | |\n");
        sb.Append(CultureInfo.InvariantCulture, $"| RPO: lost window | {S(report.Rpo.LostWindowS)} | {S(report.Rpo.ObjectiveS)} |\n");
        if (report.Rpo.LostAfterFault > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| acknowledged after the fault, not in the recovered database | {report.Rpo.LostAfterFault} of {report.Rpo.AcknowledgedAfterFault} (patients {string.Join(", ", report.Rpo.LostAfterFaultIds.Take(20))}{(report.Rpo.LostAfterFaultIds.Count > 20 ? ", …" : "")}) | |\n");
        }

        foreach (var extra in report.Rpo.Extra)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| RPO: {extra.What} (step {extra.Step}) | {S(extra.AchievedS)} | {(extra.ObjectiveS is { } objective ? S(objective) : "none")} |\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"| replication lag at fault | {report.Replication.LagAtFaultBytes?.ToString(CultureInfo.InvariantCulture) ?? "?"} bytes, {(report.Replication.LagAtFaultS is { } l ? S(l) : "?")} | |\n\n");
        if (report.Detection is { } detection)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Detected by lifeline monitor (probe every {S(detection.ProbeIntervalS)}, criteria window {S(detection.CriteriaWindowS)}, epoch {detection.Epoch}): {detection.Evidence}\n\n");
            sb.Append("| detection | after the fault |\n|---|---|\n");
            sb.Append(CultureInfo.InvariantCulture, $"| decided to fail over | {(detection.FaultToDetectedS is { } x ? S(x) : "-")} |\n");
            sb.Append(CultureInfo.InvariantCulture, $"| DR database writable | {(detection.FaultToWritableS is { } w ? S(w) : "-")} |\n");
            sb.Append(CultureInfo.InvariantCulture, $"| service validated | {(detection.FaultToValidatedS is { } v ? S(v) : "-")} |\n\n");
        }

        sb.Append("| phase | budget | actual | status |\n|---|---|---|---|\n");
        foreach (var phase in report.Phases)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {phase.Name} | {S(phase.BudgetS)} | {(phase.ActualS is { } a ? S(a) : "-")} | {phase.Status} |\n");
        }

        sb.Append("\n| validation | status | detail |\n|---|---|---|\n");
        foreach (var check in report.Validation)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {check.Check} | {(check.Status == "passed" ? "✓ passed" : "✗ failed")} | {check.Detail.Replace('|', '/').ReplaceLineEndings(" ")} |\n");
        }

        return sb.ToString();
    }

    private static string S(double seconds) => double.IsInfinity(seconds) ? "none" : $"{seconds.ToString("0.###", CultureInfo.InvariantCulture)} s";
}
