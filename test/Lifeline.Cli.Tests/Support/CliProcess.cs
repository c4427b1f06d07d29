using System.Diagnostics;

namespace Lifeline.Cli.Tests.Support;

/// <summary>Runs the real lifeline binary (built next to the tests) as a separate process, as a user would.</summary>
internal static class CliProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "lifeline.dll");

    public static Process Start(string workingDirectory, params string[] args) => Start(workingDirectory, args, null);

    public static Process Start(string workingDirectory, string[] args, IReadOnlyDictionary<string, string>? environment) =>
        Start(workingDirectory, args, environment, prioritized: false);

    private static Process Start(string workingDirectory, string[] args, IReadOnlyDictionary<string, string>? environment, bool prioritized)
    {
        // nice(1) rather than Process.PriorityClass: on Linux that renices only the main thread, while a niceness set
        // before exec is inherited by every thread and every process the CLI starts (the sandbox's servers included).
        var start = new ProcessStartInfo(prioritized ? "nice" : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (prioritized)
        {
            foreach (var arg in (string[])["-n", PrioritizedNiceness, "dotnet"])
            {
                start.ArgumentList.Add(arg);
            }
        }

        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["LIFELINE_USER"] = "tester";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return Process.Start(start)!;
    }

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, params string[] args) =>
        RunAsync(workingDirectory, args, null);

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, string[] args, IReadOnlyDictionary<string, string>? environment) =>
        RunAsync(workingDirectory, args, environment, prioritized: false);

    /// <summary>
    /// Runs the CLI, and everything it starts, ahead of the machine's other work (niceness -10, when the tests run as
    /// root; as they are, unchanged otherwise). For tests that compare two timings: the other test lane and a CPU hog
    /// only add noise to each, which can be larger than the difference being measured.
    /// </summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunPrioritizedAsync(string workingDirectory, params string[] args) =>
        RunAsync(workingDirectory, args, null, prioritized: Environment.UserName == "root");

    private const string PrioritizedNiceness = "-10";

    // A guard against a hung command, not a performance bound: a whole demo (sandbox up, failover, down) took 3 min
    // under a CPU hog beside the other lane (sandbox up 82 s, one aws s3 sync 36 s).
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, string[] args, IReadOnlyDictionary<string, string>? environment, bool prioritized)
    {
        using var process = Start(workingDirectory, args, environment, prioritized);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Say what the command had printed: a sync demo once ran past the limit in a quiet fresh-clone run, and the
            // bare "A task was canceled." left nothing to find the cause with.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException(
                $"lifeline {string.Join(' ', args)} did not finish within {Limit.TotalMinutes:0} min and was killed\nstdout:\n{await stdout}\nstderr:\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
