using System.Text.Json;
using Lifeline.Cli.Tests.Support;

namespace Lifeline.Cli.Tests.Commands;

/// <summary><c>lifeline runs abort</c> from one process stops a run executing in another.</summary>
public sealed class RunsAbortTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lifeline-abort-" + Guid.NewGuid().ToString("N")[..8]);

    public RunsAbortTests()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "estate", "plans"));
        File.WriteAllText(Path.Combine(_directory, "estate", "estate.yaml"), """
            estate: abort-test
            profiles: [test]
            sites:
              here: { role: primary }
            resources: {}
            """);
        File.WriteAllText(Path.Combine(_directory, "estate", "plans", "sleepy.yaml"), """
            scenario: sleepy
            severity: P3
            phases:
              - id: only
                name: Only
                budget: 10m
                steps:
                  - { id: nap, action: sleep.run, with: { duration: 60s } }
                  - { id: after, action: noop.run, needs: [nap] }
            """);
    }

    [Fact]
    public async Task Abort_FromAnotherProcess_StopsTheSleepingStepWithin2s()
    {
        // Given a real lifeline process whose step sleeps for 60 s
        var state = Path.Combine(_directory, "state.db");
        using var process = CliProcess.Start(_directory, "run", "sleepy", "--estate", "estate", "--mode", "drill", "--profile", "test", "--state", state);
        var runId = await SleepingRunAsync(state, process);

        // When another process aborts it
        var (exit, _, stderr) = await CliProcess.RunAsync(_directory, "runs", "abort", runId, "--state", state, "--as", "ops");
        Assert.True(exit == 0, stderr);
        var aborted = TimeProvider.System.GetUtcNow();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(patience.Token);

        // Then the run ended, by the store's clock, within 2 s of the abort, with its step cancelled rather than finished
        var report = JsonDocument.Parse((await CliProcess.RunAsync(_directory, "runs", "show", runId, "--state", state, "--output", "json")).Stdout).RootElement;
        Assert.Equal("aborted", report.GetProperty("status").GetString());
        var finished = report.GetProperty("finished_at").GetDateTimeOffset();
        Assert.True(finished - aborted < TimeSpan.FromSeconds(2), $"the run finished {finished - aborted} after the abort was recorded");
        var nap = report.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "nap");
        Assert.Equal("failed", nap.GetProperty("status").GetString());
        Assert.Contains("aborted", nap.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, process.ExitCode);
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

    private async Task<string> SleepingRunAsync(string state, System.Diagnostics.Process process)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddMinutes(2);
        while (TimeProvider.System.GetUtcNow() < deadline && !process.HasExited)
        {
            var (_, stdout, _) = await CliProcess.RunAsync(_directory, "runs", "list", "--state", state, "--output", "json");
            if (stdout.Trim().StartsWith('[') && JsonDocument.Parse(stdout).RootElement is { ValueKind: JsonValueKind.Array } runs && runs.GetArrayLength() > 0)
            {
                var runId = runs[0].GetProperty("run_id").GetString()!;
                var show = JsonDocument.Parse((await CliProcess.RunAsync(_directory, "runs", "show", runId, "--state", state, "--output", "json")).Stdout).RootElement;
                if (show.GetProperty("steps").EnumerateArray().Any(s => s.GetProperty("id").GetString() == "nap" && s.GetProperty("status").GetString() == "running"))
                {
                    return runId;
                }
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"the run never reached its sleeping step (exited: {process.HasExited})");
    }
}
