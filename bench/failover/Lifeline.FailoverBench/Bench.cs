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

        // A run started in the background ignores SIGINT; SIGTERM must stop it as cleanly (clusters stopped, cuts healed).
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancel.Cancel();
        });
        var root = Path.Combine(Path.GetTempPath(), $"lifeline-failover-bench-{Environment.ProcessId}");
        // 0755: the unprivileged user that runs etcd and Patroni must reach its cluster directories below.
        Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var started = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        // Systems and faults measured earlier into the same results file and not run now are kept.
        var summaries = ReportWriter.Previous(options.Output)
            .Where(s => !(options.Systems.Contains(s.System) && options.Faults.Contains(s.Fault))).ToList();
        try
        {
            var systems = options.Systems.Select(name => (IFailoverSystem)(name switch
            {
                "patroni-default" => new PatroniSystem(PatroniSettings.Default, options, root),
                "patroni-tuned" => new PatroniSystem(PatroniSettings.Tuned, options, root),
                "patroni-tuned-sync" => new PatroniSystem(PatroniSettings.TunedSynchronous, options, root),
                "patroni-tuned-etcd3" => new PatroniSystem(PatroniSettings.TunedEtcd3, options, root),
                _ => new LifelineSystem(options, root),
            })).ToList();
            var blips = new Dictionary<string, IReadOnlyList<BlipTrial>?>();
            if (options.Trials == 0)
            {
                // Blips only: the failover trials of an earlier run in the same results file keep their figures.
                summaries = [.. ReportWriter.Previous(options.Output)];
                foreach (var system in systems)
                {
                    var trials = await BlipsAsync(system, options, cancel.Token);
                    var index = summaries.FindIndex(s => s.System == system.Name);
                    var blip = trials is null ? null : BlipSummary.Of(trials);
                    if (index >= 0)
                    {
                        summaries[index] = summaries[index] with { Blip = blip, BlipTrials = trials };
                    }
                    else
                    {
                        summaries.Add(SystemSummary.Of(system, "none", [], trials));
                    }

                    await ReportWriter.WriteAsync(options.Output, new BenchRun(Machine(), started, options.Trials, options.BlipTrials, summaries), cancel.Token);
                }
            }

            foreach (var fault in options.Trials == 0 ? [] : options.Faults)
            {
                // Side by side: trial i of every system runs before trial i + 1 of any, so the systems share the machine's load.
                var trials = systems.ToDictionary(s => s.Name, _ => new List<FailoverTrial>());
                var skipped = new HashSet<string>();
                for (var i = 1; i <= options.Trials; i++)
                {
                    foreach (var system in systems.Where(s => !skipped.Contains(s.Name)))
                    {
                        var trial = await system.RunFailoverAsync(i, fault, cancel.Token);
                        trials[system.Name].Add(trial);
                        Print(system.Name, fault, trial);
                        if (i == 1 && trial.Error is not null && system is LifelineSystem)
                        {
                            Console.WriteLine($"lifeline ({fault}): the first trial failed; its column stays pending");
                            skipped.Add(system.Name);
                        }
                    }

                    var partial = summaries.Concat(systems.Select(s => SystemSummary.Of(s, fault, trials[s.Name], null))).ToList();
                    await ReportWriter.WriteAsync(options.Output, new BenchRun(Machine(), started, options.Trials, options.BlipTrials, partial), cancel.Token);
                }

                foreach (var system in systems)
                {
                    // The blip test is one per system; its figures are shown with the first fault's row.
                    if (!blips.ContainsKey(system.Name))
                    {
                        blips[system.Name] = await BlipsAsync(system, options, cancel.Token);
                        summaries.Add(SystemSummary.Of(system, fault, trials[system.Name], blips[system.Name]));
                    }
                    else
                    {
                        summaries.Add(SystemSummary.Of(system, fault, trials[system.Name], null));
                    }
                }

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

    private static async Task<IReadOnlyList<BlipTrial>?> BlipsAsync(IFailoverSystem system, BenchOptions options, CancellationToken cancellationToken)
    {
        if (system.Name == "patroni-default" || options.BlipTrials == 0)
        {
            return null;
        }

        try
        {
            return await system.RunBlipsAsync(options.BlipTrials, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The failover trials already measured must survive a broken blip test.
            await Console.Error.WriteLineAsync($"{system.Name} blips: {e}");
            return [new BlipTrial(1, 0, false, false, null, e.Message)];
        }
    }

    private static void Print(string system, string fault, FailoverTrial trial) =>
        Console.WriteLine(trial.Error is null
            ? string.Create(CultureInfo.InvariantCulture,
                $"{system} {fault} trial {trial.Trial,2}: writable {trial.FaultToWritableS,6:F2} s  validated {trial.FaultToValidatedS,6:F2} s  lost {trial.LostWrites} of {trial.AcknowledgedWrites}  old primary writes after writable {(trial.OldPrimaryWritesAfterWritable?.ToString(CultureInfo.InvariantCulture) ?? "-")}  ({trial.OldLeader} → {trial.NewLeader})")
            : $"{system} {fault} trial {trial.Trial,2}: FAILED {trial.Error}");

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
