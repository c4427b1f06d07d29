using System.Globalization;
using Lifeline.FailoverBench.LifelineCli;
using Lifeline.FailoverBench.Patroni;
using Lifeline.FailoverBench.Results;
using Lifeline.FailoverBench.Trials;

namespace Lifeline.FailoverBench;

/// <summary>Runs the chosen systems' trials one after another and writes the results.</summary>
internal static class Bench
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (!OperatingSystem.IsLinux())
        {
            await Console.Error.WriteLineAsync("failover-bench: Linux only (/proc, signals, Debian packages)");
            return 2;
        }

        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args, FindRepository());
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"failover-bench: {e.Message}");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var root = Path.Combine(Path.GetTempPath(), $"lifeline-failover-bench-{Environment.ProcessId}");
        // 0755: the unprivileged user that runs etcd and Patroni must reach its cluster directories below.
        Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var started = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        // Systems measured earlier into the same results file and not run now are kept.
        var summaries = ReportWriter.Previous(options.Output).Where(s => !options.Systems.Contains(s.System)).ToList();
        try
        {
            foreach (var name in options.Systems)
            {
                IFailoverSystem system = name switch
                {
                    "patroni-default" => new PatroniSystem(PatroniSettings.Default, options, root),
                    "patroni-tuned" => new PatroniSystem(PatroniSettings.Tuned, options, root),
                    "patroni-tuned-sync" => new PatroniSystem(PatroniSettings.TunedSynchronous, options, root),
                    "patroni-tuned-etcd3" => new PatroniSystem(PatroniSettings.TunedEtcd3, options, root),
                    _ => new LifelineSystem(options, root),
                };
                summaries.Add(await RunSystemAsync(system, options, cancel.Token));
                await ReportWriter.WriteAsync(options.Output, new BenchRun(Machine(), started, options.Trials, options.BlipTrials, summaries), cancel.Token);
            }
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("failover-bench: cancelled; clusters stopped");
            return 130;
        }
        finally
        {
            // Clusters are stopped and failed trials' logs were copied out; what is left (run locks) is ours to remove.
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }

        Console.WriteLine();
        Console.Write(ReportWriter.Markdown(new BenchRun(Machine(), started, options.Trials, options.BlipTrials, summaries)));
        Console.WriteLine($"\nresults: {options.Output}/results.json, results.md");
        return summaries.All(s => s.Failed == 0 && s.Blip?.Errors is null or 0) ? 0 : 1;
    }

    private static async Task<SystemSummary> RunSystemAsync(IFailoverSystem system, BenchOptions options, CancellationToken cancellationToken)
    {
        var trials = new List<FailoverTrial>();
        for (var i = 1; i <= options.Trials; i++)
        {
            var trial = await system.RunFailoverAsync(i, cancellationToken);
            trials.Add(trial);
            Console.WriteLine(trial.Error is null
                ? string.Create(CultureInfo.InvariantCulture, $"{system.Name} trial {i,2}: writable {trial.FaultToWritableS,6:F2} s  validated {trial.FaultToValidatedS,6:F2} s  lost {trial.LostWrites} of {trial.AcknowledgedWrites}  ({trial.OldLeader} → {trial.NewLeader})")
                : $"{system.Name} trial {i,2}: FAILED {trial.Error}");
            if (i == 1 && trial.Error is not null && system is LifelineSystem)
            {
                Console.WriteLine("lifeline: the first trial failed; its column stays pending");
                break;
            }
        }

        var blips = system.Name == "patroni-default" || options.BlipTrials == 0 ? null : await system.RunBlipsAsync(options.BlipTrials, cancellationToken);
        return SystemSummary.Of(system, trials, blips);
    }

    private static string Machine()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memory = File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var gib = double.Parse(memory, CultureInfo.InvariantCulture) / 1024 / 1024;
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} vCPU {cpu}, {gib:F0} GiB, Linux {Environment.OSVersion.Version}");
    }

    private static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Lifeline.slnx")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
