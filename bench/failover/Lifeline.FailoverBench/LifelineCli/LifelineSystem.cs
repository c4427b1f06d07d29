using System.Diagnostics;
using System.Text.Json;
using Lifeline.FailoverBench.Faults;
using Lifeline.FailoverBench.Trials;

namespace Lifeline.FailoverBench.LifelineCli;

/// <summary>
/// Lifeline's side: each trial runs <c>./lifeline demo --auto --json FILE --state DB</c> from the repository root (a
/// fresh sandbox, workload, SIGKILL of the primary site, automatic detection and failover) and reads three fields of
/// the report: <c>detection.fault_to_writable_s</c>, <c>rto.achieved_s</c> (fault → validated) and <c>rpo.lost</c>
/// (<c>rpo.lost_writes</c> is accepted too, as the manual demo's report names it); <c>rpo.acknowledged_writes</c> is
/// read when present. No blip test yet: the demo has no way to ask for one.
/// </summary>
internal sealed class LifelineSystem(BenchOptions options, string root) : IFailoverSystem
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public string Name => "lifeline";

    public IReadOnlyDictionary<string, string> Describe() => new Dictionary<string, string>
    {
        ["command"] = $"./lifeline demo --auto --fault primary-site|partition-site --probe-interval {options.LifelineProbeInterval} --criteria-window {options.LifelineCriteriaWindow} --rate 200 --json FILE --state DB",
        ["fields"] = "detection.fault_to_writable_s, rto.achieved_s, rpo.lost, detection.old_primary_writes_after_writable",
        ["blip"] = LifelineBlips.Describe(options),
    };

    public async Task<FailoverTrial> RunFailoverAsync(int trial, string fault, CancellationToken cancellationToken)
    {
        var json = Path.Combine(root, $"lifeline-demo-{trial}.json");
        var state = Path.Combine(root, $"lifeline-demo-{trial}.db");
        var start = new ProcessStartInfo(Path.Combine(options.Repository, "lifeline"))
        {
            WorkingDirectory = options.Repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Probe interval and criteria window: the setting whose blip tolerance matches tuned Patroni's (a 1.5 s stall never
        // fails over; bench/failover/README.md).
        var demoFault = fault == FaultKind.Partition ? "partition-site" : "primary-site";
        foreach (var argument in (string[])["demo", "--auto", "--fault", demoFault, "--probe-interval", options.LifelineProbeInterval, "--criteria-window", options.LifelineCriteriaWindow,
            "--rate", "200", "--json", json, "--state", state])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("./lifeline did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return Failed(trial, $"./lifeline demo --auto did not finish within {Timeout.TotalMinutes:F0} min") with { Fault = fault };
        }

        var output = $"{await stdout}\n{await stderr}".Trim();
        // Every trial's progress lines and report are kept: where the time went is read from them.
        var logs = Path.Combine(options.Output, "logs");
        Directory.CreateDirectory(logs);
        await File.WriteAllTextAsync(Path.Combine(logs, $"lifeline-{fault}-trial-{trial}.log"), output + "\n", cancellationToken);
        if (File.Exists(json))
        {
            File.Copy(json, Path.Combine(logs, $"lifeline-{fault}-trial-{trial}.json"), overwrite: true);
        }

        if (!File.Exists(json))
        {
            return Failed(trial, $"./lifeline demo --auto exited {process.ExitCode} without a report: {Tail(output)}") with { Fault = fault };
        }

        try
        {
            return Read(trial, await File.ReadAllTextAsync(json, cancellationToken)) with { Fault = fault };
        }
        finally
        {
            File.Delete(json);
            File.Delete(state);
        }
    }

    public async Task<IReadOnlyList<BlipTrial>?> RunBlipsAsync(int trials, CancellationToken cancellationToken) =>
        await new LifelineBlips(options, root).RunAsync(trials, cancellationToken);

    /// <summary>Reads a <c>lifeline demo --auto --json</c> report into a trial; missing fields make a failed trial.</summary>
    internal static FailoverTrial Read(int trial, string json)
    {
        try
        {
            var report = JsonDocument.Parse(json).RootElement;
            var writable = Number(report, "detection", "fault_to_writable_s");
            var validated = Number(report, "rto", "achieved_s");
            var lost = Number(report, "rpo", "lost") ?? Number(report, "rpo", "lost_writes");
            var acknowledged = Number(report, "rpo", "acknowledged_writes");
            var missing = new[] { ("detection.fault_to_writable_s", writable), ("rto.achieved_s", validated), ("rpo.lost", lost) }
                .Where(f => f.Item2 is null).Select(f => f.Item1).ToList();
            var afterWritable = Number(report, "detection", "old_primary_writes_after_writable");
            return new(trial, writable, validated, lost is null ? null : (int)lost, acknowledged is null ? null : (int)acknowledged, "primary", "dr",
                missing.Count == 0 ? null : $"report lacks {string.Join(", ", missing)}")
            {
                OldPrimaryWritesAfterWritable = afterWritable is null ? null : (int)afterWritable,
                OldPrimaryLastWriteS = Number(report, "detection", "old_primary_last_write_s"),
            };
        }
        catch (JsonException e)
        {
            return Failed(trial, $"report is not JSON: {e.Message}");
        }
    }

    private static double? Number(JsonElement report, string section, string field) =>
        report.ValueKind == JsonValueKind.Object && report.TryGetProperty(section, out var s) && s.ValueKind == JsonValueKind.Object
            && s.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static FailoverTrial Failed(int trial, string error) => new(trial, null, null, null, null, null, null, error);

    private static string Tail(string output) =>
        string.Join(" | ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
}
