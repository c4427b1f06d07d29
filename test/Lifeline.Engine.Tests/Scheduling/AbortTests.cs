using System.Diagnostics;
using Lifeline.Core.Providers;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Scheduling;
using Lifeline.Engine.Tests.Support;

namespace Lifeline.Engine.Tests.Scheduling;

public sealed class AbortTests
{
    [Fact]
    public async Task Abort_StepSleepingFor60s_StopsTheStepWithin2s()
    {
        // Given a run whose step sleeps for 60 s
        await using var harness = await EngineHarness.CreateAsync();
        var loaded = harness.Load("""
            scenario: sleepy
            severity: P3
            phases:
              - id: only
                name: Only
                budget: 5m
                steps:
                  - { id: nap, action: sleep.run, with: { duration: 60s } }
                  - { id: after, action: noop.run, needs: [nap] }
            """);
        var request = new StartRunRequest(loaded, "sleepy", RunMode.Drill, "test", new Dictionary<string, string>(), RunBehaviour.Default, "tester");
        var running = harness.Runs.StartAsync(request, NullRunObserver.Instance, CancellationToken.None);
        var (runId, nap) = await SleepingAsync(harness);

        // When an operator aborts it (recorded in the store, as lifeline runs abort from another process does)
        var clock = Stopwatch.StartNew();
        Assert.Null(await harness.Runs.DecideAsync(runId, null, DecisionKind.Abort, "ops", "testing abort", CancellationToken.None));
        var outcome = await running.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Stop();

        // Then the run, with its sleeping step cancelled and awaited, ended within 2 s, and the store says so
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the run stopped {clock.Elapsed} after the abort");
        Assert.Equal("aborted", outcome.Report!.Status);
        var steps = (await harness.Store.GetStepsAsync(runId, CancellationToken.None)).ToDictionary(s => s.StepId);
        Assert.Equal(StepStatus.Failed, steps["nap"].Status);
        Assert.Contains("aborted", steps["nap"].Error, StringComparison.Ordinal);
        Assert.True(steps["nap"].FinishedAt - nap.StartedAt < TimeSpan.FromSeconds(30));
        Assert.Equal(StepStatus.Skipped, steps["after"].Status);
    }

    private static async Task<(string RunId, StepRecord Step)> SleepingAsync(EngineHarness harness)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var runs = await harness.Store.ListRunsAsync(1, cancel.Token);
            if (runs.Count == 1 && (await harness.Store.GetStepsAsync(runs[0].Id, cancel.Token)).FirstOrDefault(s => s.StepId == "nap" && s.Status == StepStatus.Running) is { } nap)
            {
                return (runs[0].Id, nap);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancel.Token);
        }
    }
}
