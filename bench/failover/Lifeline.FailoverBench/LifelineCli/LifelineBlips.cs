using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lifeline.FailoverBench.Processes;
using Lifeline.FailoverBench.Trials;

namespace Lifeline.FailoverBench.LifelineCli;

/// <summary>
/// Lifeline's blip test, the same blip as Patroni's: one sandbox (<c>./lifeline sandbox up</c>) and one real
/// <c>./lifeline monitor</c> process with the benchmark's probe interval and window and decision policy auto, watching
/// <c>bench/failover/estates/database</c> (the sandbox's PostgreSQL pair with a <c>database-unreachable</c> trigger: the
/// most eager trigger, one vantage point). Per blip: wait until the monitor reports the primary healthy and 2 s more,
/// SIGSTOP the primary's postmaster and children for the blip, SIGCONT, watch the monitor's events for the observation
/// time. <b>False failover</b> = a <c>Detected</c> or <c>FailoverStarted</c> event. Stall events are counted too.
/// </summary>
internal sealed class LifelineBlips(BenchOptions options, string root)
{
    public async Task<IReadOnlyList<BlipTrial>> RunAsync(int trials, CancellationToken cancellationToken)
    {
        var results = new List<BlipTrial>();
        var directory = Path.Combine(root, "lifeline-blip-sandbox");
        var state = Path.Combine(root, "lifeline-blip.db");
        Process? monitor = null;
        try
        {
            var (up, upOutput) = await CliAsync(["sandbox", "up", "--dir", directory], null, cancellationToken);
            if (up != 0)
            {
                return [new(1, 0, false, false, null, $"./lifeline sandbox up failed: {upOutput}")];
            }

            var environment = ReadEnvironment(Path.Combine(directory, "sandbox.env"));
            var data = environment["LIFELINE_SANDBOX_PG_PRIMARY_DATA"];
            var events = new List<(DateTimeOffset At, string Kind, string Message)>();
            monitor = Start(["monitor", "--estate", Path.Combine(options.Repository, "bench", "failover", "estates", "database"), "--profile", "sandbox",
                "--interval", options.LifelineProbeInterval, "--input", $"criteria-window={options.LifelineCriteriaWindow}", "--decision", "auto", "--drill",
                "--state", state, "--output", "json"], environment);
            var reading = ReadEventsAsync(monitor, events);
            var time = TimeProvider.System;
            for (var trial = 1; trial <= trials; trial++)
            {
                // Healthy first, as the Patroni blip waits for a healthy cluster.
                var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(60);
                while (!IsHealthy(events) && time.GetUtcNow() < deadline)
                {
                    await Task.Delay(100, cancellationToken);
                }

                if (!IsHealthy(events))
                {
                    results.Add(new(trial, 0, false, false, null, "the monitor did not see the primary healthy"));
                    break;
                }

                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                var postmaster = ProcessTable.Postmaster(data);
                if (postmaster is null)
                {
                    results.Add(new(trial, 0, false, false, null, "no postmaster found for the sandbox primary"));
                    break;
                }

                IReadOnlyList<int> pids = [postmaster.Value, .. ProcessTable.Children(postmaster.Value)];
                var start = time.GetTimestamp();
                var from = time.GetUtcNow();
                foreach (var pid in pids)
                {
                    ProcessTable.Signal(pid, ProcessTable.SigStop);
                }

                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(options.BlipPauseS), cancellationToken);
                }
                finally
                {
                    foreach (var pid in pids)
                    {
                        ProcessTable.Signal(pid, ProcessTable.SigCont);
                    }
                }

                var paused = time.GetElapsedTime(start).TotalSeconds;
                await Task.Delay(TimeSpan.FromSeconds(options.BlipObserveS), cancellationToken);
                var failover = Seen(events, e => e.At >= from && e.Kind is "Detected" or "FailoverStarted");
                var sawDown = Seen(events, e => e.At >= from && e.Kind == "HealthChanged" && e.Message.Contains("db-primary from control: UNHEALTHY", StringComparison.Ordinal));
                results.Add(new(trial, paused, failover, sawDown, null, null));
                Console.WriteLine($"lifeline blip {trial,2}: paused {paused:F2} s, failover {(failover ? "YES" : "no")}, monitor saw the primary down {(sawDown ? "yes" : "no")}");
                if (failover)
                {
                    // The monitor has failed the sandbox over; the remaining blips would test nothing.
                    break;
                }
            }

            monitor.Kill();
            await monitor.WaitForExitAsync(cancellationToken);
            await reading;
            return results;
        }
        finally
        {
            if (monitor is { HasExited: false })
            {
                monitor.Kill();
                await monitor.WaitForExitAsync(CancellationToken.None);
            }

            monitor?.Dispose();
            await CliAsync(["sandbox", "down", "--dir", directory], null, CancellationToken.None);
        }
    }

    private static bool Seen(List<(DateTimeOffset At, string Kind, string Message)> events, Func<(DateTimeOffset At, string Kind, string Message), bool> match)
    {
        lock (events)
        {
            return events.Any(match);
        }
    }

    /// <summary>The monitor's latest word on the primary from its own vantage point is "healthy".</summary>
    private static bool IsHealthy(List<(DateTimeOffset At, string Kind, string Message)> events)
    {
        lock (events)
        {
            var last = events.LastOrDefault(e => e.Kind == "HealthChanged" && e.Message.StartsWith("db-primary from control:", StringComparison.Ordinal));
            return last.Message?.Contains(": healthy", StringComparison.Ordinal) == true;
        }
    }

    private static async Task ReadEventsAsync(Process monitor, List<(DateTimeOffset At, string Kind, string Message)> events)
    {
        while (await monitor.StandardOutput.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            try
            {
                var root = JsonDocument.Parse(line).RootElement;
                lock (events)
                {
                    events.Add((root.GetProperty("at").GetDateTimeOffset(), root.GetProperty("kind").GetString()!, root.GetProperty("message").GetString()!));
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                // Not an event line.
            }
        }
    }

    /// <summary>The sandbox's settings file: <c>KEY=VALUE</c> lines (an <c>export </c> prefix and quotes allowed).</summary>
    private static Dictionary<string, string> ReadEnvironment(string file)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadLines(file))
        {
            var line = raw.Trim();
            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..];
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || equals <= 0)
            {
                continue;
            }

            var value = line[(equals + 1)..];
            if (value.Length >= 2 && (value[0] == '\'' || value[0] == '"') && value[^1] == value[0])
            {
                value = value[1..^1];
            }

            variables[line[..equals]] = value;
        }

        return variables;
    }

    private Process Start(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo(Path.Combine(options.Repository, "lifeline"))
        {
            WorkingDirectory = options.Repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("./lifeline did not start");
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    private async Task<(int ExitCode, string Output)> CliAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(Path.Combine(options.Repository, "lifeline"))
        {
            WorkingDirectory = options.Repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("./lifeline did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = $"{await stdout}\n{await stderr}".Trim();
        return (process.ExitCode, string.Join(" | ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3)));
    }

    internal static string Describe(BenchOptions options) =>
        string.Create(CultureInfo.InvariantCulture, $"./lifeline monitor --estate bench/failover/estates/database --interval {options.LifelineProbeInterval} --input criteria-window={options.LifelineCriteriaWindow} --decision auto --drill; SIGSTOP of the primary's postmaster and children for {options.BlipPauseS} s");
}
