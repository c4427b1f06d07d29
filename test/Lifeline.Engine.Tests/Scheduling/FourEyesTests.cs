using Lifeline.Core.Providers;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Scheduling;
using Lifeline.Engine.Tests.Support;

namespace Lifeline.Engine.Tests.Scheduling;

/// <summary>The four-eyes rule, N distinct approvers, break-glass, and racing approvals on one gate.</summary>
public sealed class FourEyesTests
{
    private const string Plan = """
        scenario: gated
        severity: P1
        phases:
          - id: decide
            name: Decide
            budget: 1h
            steps:
              - id: gate
                approval: { prompt: Fail over?, approvers: APPROVERS, count: COUNT, timeout: 15m, on-timeout: reject }
              - { id: act, action: noop.run, needs: [gate] }
        """;

    private static string Gate(string approvers, int count) =>
        Plan.Replace("APPROVERS", approvers, StringComparison.Ordinal).Replace("COUNT", count.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    [Theory]
    [InlineData(RunMode.Live)]
    [InlineData(RunMode.Drill)]
    public async Task Decide_StarterApprovesOwnGate_IsForbidden(RunMode mode)
    {
        // Given a run started by "tester" parked at a gate anyone may approve
        await using var harness = await EngineHarness.CreateAsync();
        var parked = await harness.StartAsync(Gate("[]", 1), mode: mode);

        // When the starter approves it
        var error = await harness.Runs.DecideAsync(new DecisionRequest(parked.RunId, "gate", DecisionKind.Approve, "tester", null), CancellationToken.None);

        // Then the four-eyes rule refuses, and nothing is recorded
        Assert.Equal(DecisionErrorKind.Forbidden, error?.Kind);
        Assert.StartsWith("four-eyes rule: tester started run", error!.Message, StringComparison.Ordinal);
        Assert.Empty(await harness.Store.GetDecisionsAsync(parked.RunId, CancellationToken.None));
    }

    [Fact]
    public async Task Decide_StarterActingAsListedContact_IsStillForbidden()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var parked = await harness.StartAsync(Gate("[cto]", 1), mode: RunMode.Live);

        var error = await harness.Runs.DecideAsync(new DecisionRequest(parked.RunId, "gate", DecisionKind.Approve, "tester", null) { Contact = "cto" }, CancellationToken.None);

        Assert.Equal(DecisionErrorKind.Forbidden, error?.Kind);
    }

    [Fact]
    public async Task Decide_TwoOfTwo_SameApproverTwiceCountsOnce_ThenSecondApproverResolves()
    {
        // Given a gate needing two of cto, ops
        await using var harness = await EngineHarness.CreateAsync();
        var parked = await harness.StartAsync(Gate("[cto, ops]", 2), mode: RunMode.Live);

        // When cto approves twice, the run is resumed, then ops approves
        var first = await harness.Runs.DecideAsync(new DecisionRequest(parked.RunId, "gate", DecisionKind.Approve, "cto", null), CancellationToken.None);
        var again = await harness.Runs.DecideAsync(new DecisionRequest(parked.RunId, "gate", DecisionKind.Approve, "cto", null), CancellationToken.None);
        var stillWaiting = await harness.ResumeAsync(parked.RunId);
        var second = await harness.Runs.DecideAsync(new DecisionRequest(parked.RunId, "gate", DecisionKind.Approve, "ops", null), CancellationToken.None);
        var done = await harness.ResumeAsync(parked.RunId);

        // Then the repeat is a conflict, one approval is not enough, and two distinct ones are
        Assert.Null(first);
        Assert.Equal(DecisionErrorKind.Conflict, again?.Kind);
        Assert.Equal("waiting", stillWaiting.Status);
        Assert.Null(second);
        Assert.Equal("succeeded", done.Status);
        Assert.Equal("cto,ops", done.Steps.Single(s => s.Id == "gate").Outputs["approved_by"]);
    }

    [Fact]
    public async Task Decide_TwoApprovalsRacingOnSingleApproverGate_RecordExactlyOne()
    {
        await using var harness = await EngineHarness.CreateAsync();
        for (var round = 0; round < 10; round++)
        {
            // Given a fresh gate needing one approval
            var parked = await harness.StartAsync(Gate("[cto, ops]", 1), mode: RunMode.Live);

            // When cto and ops approve at the same moment
            using var start = new ManualResetEventSlim();
            var racers = new[] { "cto", "ops" }.Select(who => Task.Run(async () =>
            {
                start.Wait();
                return await harness.Runs.DecideAsync(new DecisionRequest(parked.RunId, "gate", DecisionKind.Approve, who, null), CancellationToken.None);
            })).ToArray();
            start.Set();
            var results = await Task.WhenAll(racers);

            // Then exactly one decision is recorded and the other approver hears it was already decided
            Assert.Single(results, r => r is null);
            Assert.Single(results, r => r?.Kind == DecisionErrorKind.Conflict);
            Assert.Single(await harness.Store.GetDecisionsAsync(parked.RunId, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Decide_RejectAfterApproval_IsAlreadyDecided()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var parked = await harness.StartAsync(Gate("[cto, ops]", 1), mode: RunMode.Live);

        await harness.Runs.DecideAsync(new DecisionRequest(parked.RunId, "gate", DecisionKind.Approve, "cto", null), CancellationToken.None);
        var late = await harness.Runs.DecideAsync(new DecisionRequest(parked.RunId, "gate", DecisionKind.Reject, "ops", "too late"), CancellationToken.None);

        Assert.Equal(DecisionErrorKind.Conflict, late?.Kind);
        Assert.Contains("already been decided: approved by cto", late!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decide_BreakGlassWithoutReason_IsRefused()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var parked = await harness.StartAsync(Gate("[cto, ops]", 2), mode: RunMode.Live);

        var error = await harness.Runs.DecideAsync(new DecisionRequest(parked.RunId, "gate", DecisionKind.BreakGlass, "tester", "  "), CancellationToken.None);

        Assert.Equal(DecisionErrorKind.Invalid, error?.Kind);
    }

    [Fact]
    public async Task Decide_BreakGlassByStarterWithReason_ResolvesTwoApproverGate()
    {
        // Given a live gate needing two approvers, neither of them the starter
        await using var harness = await EngineHarness.CreateAsync();
        var parked = await harness.StartAsync(Gate("[cto, ops]", 2), mode: RunMode.Live);

        // When the starter breaks the glass with a reason
        var error = await harness.Runs.DecideAsync(new DecisionRequest(parked.RunId, "gate", DecisionKind.BreakGlass, "tester", "both approvers unreachable"), CancellationToken.None);
        var report = await harness.ResumeAsync(parked.RunId);

        // Then the gate opens on the break-glass alone, and says so
        Assert.Null(error);
        Assert.Equal("succeeded", report.Status);
        var gate = report.Steps.Single(s => s.Id == "gate");
        Assert.Equal("tester", gate.Outputs["approved_by"]);
        Assert.Equal("both approvers unreachable", gate.Outputs["break_glass"]);
    }
}
