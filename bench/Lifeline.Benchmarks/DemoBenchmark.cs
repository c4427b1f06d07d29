using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Lifeline.Benchmarks;

/// <summary>
/// Runs the real demo (<c>./lifeline demo --json</c>) N times and summarises achieved RTO, client downtime and lost
/// writes (median and max). Usage: bench demo [runs] [--sync]. Each run builds and tears down its own sandbox.
/// </summary>
internal static class DemoBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 10;
        var sync = args.Contains("--sync");
        var root = FindRoot();
        var rto = new List<double>();
        var downtime = new List<double>();
        var lost = new List<int>();
        var acknowledged = new List<int>();
        for (var i = 1; i <= runs; i++)
        {
            var json = Path.Combine(Path.GetTempPath(), $"lifeline-demo-bench-{Environment.ProcessId}-{i}.json");
            var start = new ProcessStartInfo(Path.Combine(root, "lifeline")) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in (string[])["demo", "--json", json, "--state", Path.Combine(Path.GetTempPath(), $"lifeline-demo-bench-{Environment.ProcessId}.db")])
            {
                start.ArgumentList.Add(arg);
            }

            if (sync)
            {
                start.ArgumentList.Add("--sync");
            }

            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (!File.Exists(json))
            {
                Console.Error.WriteLine($"run {i}: no report (exit {process.ExitCode}): {await stderr}");
                return 1;
            }

            var report = JsonDocument.Parse(await File.ReadAllTextAsync(json)).RootElement;
            File.Delete(json);
            var status = report.GetProperty("status").GetString();
            var r = report.GetProperty("rto");
            rto.Add(r.GetProperty("achieved_s").GetDouble());
            downtime.Add(r.GetProperty("client_downtime_s").ValueKind == JsonValueKind.Number ? r.GetProperty("client_downtime_s").GetDouble() : double.NaN);
            lost.Add(report.GetProperty("rpo").GetProperty("lost_writes").GetInt32());
            acknowledged.Add(report.GetProperty("rpo").GetProperty("acknowledged_writes").GetInt32());
            Console.WriteLine($"run {i,2}: {status,-9} rto {rto[^1],6:F2} s  client downtime {downtime[^1],6:F2} s  lost {lost[^1]} of {acknowledged[^1]}");
        }

        Console.WriteLine($"{(sync ? "sync" : "async")}, {runs} runs: rto.achieved_s median {Median(rto):F2} max {rto.Max():F2}; "
            + $"rto.client_downtime_s median {Median(downtime):F2} max {downtime.Max():F2}; rpo.lost_writes max {lost.Max()} (sum {lost.Sum()} of {acknowledged.Sum()})");
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Lifeline.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository");
    }
}
