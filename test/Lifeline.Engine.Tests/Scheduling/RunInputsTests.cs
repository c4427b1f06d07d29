using Lifeline.Core.Providers;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Scheduling;
using Lifeline.Engine.Tests.Support;

namespace Lifeline.Engine.Tests.Scheduling;

/// <summary>
/// Inputs are substituted into a plan's text when it is read, so a run must be given the inputs its plan was read with:
/// otherwise it would record one thing, run another, and resume with a third.
/// </summary>
public sealed class RunInputsTests
{
    private const string Plan = """
        scenario: wait
        severity: P3
        inputs:
          pause: { default: 10ms, description: How long to wait }
        phases:
          - { id: only, name: Only, budget: 1m, steps: [ { id: pause, action: sleep.run, with: { duration: "${{ inputs.pause }}" } } ] }
        """;

    [Fact]
    public async Task StartAsync_GivenOtherInputsThanThePlanWasReadWith_RefusesAndStartsNothing()
    {
        // Given the plan read with its default (pause 10ms)
        await using var harness = await EngineHarness.CreateAsync();
        var loaded = harness.Load(Plan);

        // When a run of it is started with pause 5m
        var outcome = await harness.Runs.StartAsync(
            new StartRunRequest(loaded, "wait", RunMode.Drill, "test", new Dictionary<string, string> { ["pause"] = "5m" }, RunBehaviour.Default, "tester"),
            NullRunObserver.Instance,
            CancellationToken.None);

        // Then nothing was started, and the error names the input, both values and the fix
        Assert.Null(outcome.Report);
        Assert.Equal("nothing was started: plan 'wait' was read with other inputs than the run was given (pause: read as '10ms', given '5m'); read the plan with the run's inputs", outcome.Error);
        Assert.Empty(await harness.Runs.ListAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task StartAsync_GivenTheDefaultExplicitly_Runs()
    {
        // Given the plan read with its default, and a run given that same value explicitly
        await using var harness = await EngineHarness.CreateAsync();
        var loaded = harness.Load(Plan);

        // When it starts
        var outcome = await harness.Runs.StartAsync(
            new StartRunRequest(loaded, "wait", RunMode.Drill, "test", new Dictionary<string, string> { ["pause"] = "10ms" }, RunBehaviour.Default, "tester"),
            NullRunObserver.Instance,
            CancellationToken.None);

        // Then it runs
        Assert.True(outcome.Report is { Status: "succeeded" }, outcome.Error);
    }
}
