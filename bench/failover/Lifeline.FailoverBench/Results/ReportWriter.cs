using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lifeline.FailoverBench.Results;

/// <summary>Writes <c>results.json</c> (every trial) and <c>results.md</c> (the summary table and ratios).</summary>
internal static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static async Task WriteAsync(string directory, BenchRun run, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "results.json"), JsonSerializer.Serialize(run, Json) + "\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "results.md"), Markdown(run), cancellationToken);
    }

    /// <summary>
    /// The systems of an earlier <c>results.json</c> in <paramref name="directory"/>, so that running one system (say
    /// <c>lifeline</c>) keeps the others' figures and the ratios can be computed; empty when there is none.
    /// </summary>
    public static IReadOnlyList<SystemSummary> Previous(string directory)
    {
        var path = Path.Combine(directory, "results.json");
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<BenchRun>(File.ReadAllText(path), Json)?.Systems ?? [] : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public static string Markdown(BenchRun run)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Machine: {run.Machine}. Started {run.Started}. Trials per system: {run.TrialsRequested}; blip trials: {run.BlipTrialsRequested}.\n\n");
        text.Append("| system | fault | ttl / loop_wait / retry_timeout | trials (failed) | fault → writable median / p95 (min) (s) | fault → validated median / p95 (s) | acknowledged writes lost | old primary's writes after new writable | blip: false failovers |\n");
        text.Append("|---|---|---|---|---|---|---|---|---|\n");
        foreach (var s in run.Systems)
        {
            var timing = s.Settings.TryGetValue("ttl_s", out var ttl) ? $"{ttl} / {s.Settings["loop_wait_s"]} / {s.Settings["retry_timeout_s"]}" : "—";
            var blip = s.Blip is null ? "—" : $"{s.Blip.FalseFailovers} of {s.Blip.Trials - s.Blip.Errors}";
            var lost = s.LostWritesTotal is null ? "—" : $"{s.LostWritesTotal} of {s.AcknowledgedWritesTotal}";
            var split = s.OldPrimaryWritesAfterWritableTotal is { } n ? n.ToString(CultureInfo.InvariantCulture) : "—";
            text.Append(CultureInfo.InvariantCulture,
                $"| {s.System} | {s.Fault} | {timing} | {s.Trials} ({s.Failed}) | {Pair(s.FaultToWritableS)} | {Pair(s.FaultToValidatedS)} | {lost} | {split} | {blip} |\n");
        }

        text.Append("\nLifeline's time to a writable primary as a share of Patroni's (medians, same fault):\n\n");
        foreach (var lifeline in run.Systems.Where(s => s.System == "lifeline"))
        {
            foreach (var patroni in run.Systems.Where(s => s.System.StartsWith("patroni", StringComparison.Ordinal) && s.Fault == lifeline.Fault))
            {
                var goal = patroni.System == "patroni-default" ? "≤ 0.2" : "≤ 1, aim 0.75";
                var ratio = lifeline.FaultToWritableS.Median is { } l && patroni.FaultToWritableS.Median is { } p ? (l / p).ToString("F2", CultureInfo.InvariantCulture) : "pending";
                text.Append(CultureInfo.InvariantCulture, $"- {lifeline.Fault}: vs {patroni.System}: {ratio} (goal {goal})\n");
            }
        }

        return text.ToString();
    }

    private static string Pair(Distribution d) =>
        d.N == 0 ? "pending" : string.Create(CultureInfo.InvariantCulture, $"{d.Median:F2} / {d.P95:F2} ({d.Min:F2})");
}

/// <summary>Everything one harness run measured.</summary>
internal sealed record BenchRun(string Machine, string Started, int TrialsRequested, int BlipTrialsRequested, IReadOnlyList<SystemSummary> Systems);
