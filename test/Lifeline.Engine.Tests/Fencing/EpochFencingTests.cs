using Lifeline.Engine.Runs;
using Lifeline.Engine.Tests.Support;

namespace Lifeline.Engine.Tests.Fencing;

public sealed class EpochFencingTests
{
    private const string GatedPlan = """
        scenario: gated
        severity: P1
        phases:
          - id: recover
            name: Recover
            budget: 1h
            steps:
              - id: gate
                approval: { prompt: Fail over?, approvers: [cto], count: 1 }
              - { id: promote, action: noop.run, needs: [gate] }
        """;

    [Fact]
    public async Task Action_CarryingStaleEpoch_IsRefused()
    {
        // Given a run parked at its gate (epoch 1), and a later decision on the same estate that started another (epoch 2)
        await using var harness = await EngineHarness.CreateAsync();
        var stale = await harness.StartAsync(GatedPlan);
        var newer = await harness.StartAsync(GatedPlan);
        Assert.True(newer.Epoch > stale.Epoch);

        // When the stale run is approved and resumed
        Assert.Null(await harness.Runs.DecideAsync(stale.RunId, "gate", DecisionKind.Approve, "cto", null, CancellationToken.None));
        var report = await harness.ResumeAsync(stale.RunId);

        // Then its action is refused, naming both epochs, and the run fails rather than acting
        Assert.Equal("failed", report.Status);
        var promote = report.Steps.Single(s => s.Id == "promote");
        Assert.Equal("failed", promote.Status);
        Assert.Contains($"stale epoch {stale.Epoch}", promote.Error, StringComparison.Ordinal);
        Assert.Contains($"epoch {newer.Epoch}", promote.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Action_CarryingCurrentEpoch_Runs()
    {
        // Given the newest run of the estate
        await using var harness = await EngineHarness.CreateAsync();
        await harness.StartAsync(GatedPlan);
        var current = await harness.StartAsync(GatedPlan);

        // When it is approved and resumed
        Assert.Null(await harness.Runs.DecideAsync(current.RunId, "gate", DecisionKind.Approve, "cto", null, CancellationToken.None));
        var report = await harness.ResumeAsync(current.RunId);

        // Then its action runs
        Assert.Equal("succeeded", report.Status);
    }
}
