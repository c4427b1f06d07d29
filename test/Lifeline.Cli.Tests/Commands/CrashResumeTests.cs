using System.Text.Json;
using Lifeline.Cli.Tests.Support;

namespace Lifeline.Cli.Tests.Commands;

public sealed class CrashResumeTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lifeline-crash-" + Guid.NewGuid().ToString("N")[..8]);

    public CrashResumeTests()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "estate", "plans"));
        File.WriteAllText(Path.Combine(_directory, "estate", "estate.yaml"), """
            estate: crash-test
            profiles: [test]
            sites:
              here: { role: primary }
            resources: {}
            """);
        // Six non-idempotent shell steps in a chain; each appends its name, then takes a moment.
        var steps = string.Join("\n", Enumerable.Range(1, 6).Select(i =>
            $"      - {{ id: s{i}, {(i > 1 ? $"needs: [s{i - 1}], " : "")}shell: {{ argv: [bash, -c, \"echo s{i} >> journal.txt; sleep 0.4\"], workdir: \"{_directory}\" }} }}"));
        File.WriteAllText(Path.Combine(_directory, "estate", "plans", "chain.yaml"), $"""
            scenario: chain
            severity: P3
            phases:
              - id: only
                name: Only
                budget: 10m
                steps:
            {steps}
            """);
    }

    [Fact]
    public async Task Run_KilledMidPlan_ResumesAndRunsEveryNonIdempotentStepExactlyOnce()
    {
        // Given a real lifeline process running a chain of non-idempotent shell steps
        var journal = Path.Combine(_directory, "journal.txt");
        var state = Path.Combine(_directory, "state.db");
        using (var process = CliProcess.Start(_directory, "run", "chain", "--estate", "estate", "--mode", "drill", "--profile", "test", "--state", state))
        {
            // When it is SIGKILLed while the third step is in flight
            var deadline = TimeProvider.System.GetUtcNow().AddMinutes(2);
            while (LineCount(journal) < 3 && TimeProvider.System.GetUtcNow() < deadline && !process.HasExited)
            {
                await Task.Delay(20);
            }

            Assert.False(process.HasExited, "the run finished before it could be killed");
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync();
        }

        var runId = await LatestRunIdAsync(state);

        // Then resume stops at the interrupted step rather than running it again blindly,
        var (exit, _, stderr) = await CliProcess.RunAsync(_directory, "runs", "resume", runId, "--state", state);
        for (var guard = 0; exit == 3 && guard < 6; guard++)
        {
            // and the operator, having looked at the journal, says whether the step happened.
            var report = JsonDocument.Parse((await CliProcess.RunAsync(_directory, "runs", "show", runId, "--state", state, "--output", "json")).Stdout);
            var interrupted = report.RootElement.GetProperty("steps").EnumerateArray().First(s => s.GetProperty("status").GetString() == "needs-operator").GetProperty("id").GetString()!;
            var done = File.ReadAllLines(journal).Contains(interrupted);
            (exit, _, stderr) = await CliProcess.RunAsync(_directory, "runs", done ? "mark-done" : "retry", runId, interrupted, "--state", state);
        }

        // and the run finishes with every step's effect exactly once
        Assert.True(exit == 0, $"resume ended with {exit}: {stderr}");
        Assert.Equal(["s1", "s2", "s3", "s4", "s5", "s6"], File.ReadAllLines(journal));
        var final = JsonDocument.Parse((await CliProcess.RunAsync(_directory, "runs", "show", runId, "--state", state, "--output", "json")).Stdout);
        Assert.Equal("succeeded", final.RootElement.GetProperty("status").GetString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int LineCount(string path) => File.Exists(path) ? File.ReadAllLines(path).Length : 0;

    private async Task<string> LatestRunIdAsync(string state)
    {
        var (_, stdout, stderr) = await CliProcess.RunAsync(_directory, "runs", "list", "--state", state, "--output", "json");
        var runs = JsonDocument.Parse(stdout.Length > 0 ? stdout : throw new InvalidOperationException(stderr));
        return runs.RootElement[0].GetProperty("run_id").GetString()!;
    }
}
