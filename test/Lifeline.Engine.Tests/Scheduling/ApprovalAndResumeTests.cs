using Lifeline.Core.Providers;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Scheduling;
using Lifeline.Engine.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Engine.Tests.Scheduling;

public sealed class ApprovalAndResumeTests
{
    private const string GatedPlan = """
        scenario: gated
        severity: P2
        phases:
          - id: decide
            name: Decide
            budget: 1h
            steps:
              - { id: look, action: noop.run }
              - id: gate
                needs: [look]
                approval: { prompt: Fail over?, approvers: [cto, ops], count: 1, timeout: 15m, on-timeout: ON_TIMEOUT }
              - { id: act, action: noop.run, needs: [gate] }
        """;

    [Fact]
    public async Task Approval_WithoutDecision_ParksRunAsWaiting()
    {
        await using var harness = await EngineHarness.CreateAsync();

        var report = await harness.StartAsync(GatedPlan.Replace("ON_TIMEOUT", "reject", StringComparison.Ordinal));

        Assert.Equal("waiting", report.Status);
        Assert.Equal(3, report.ExitCode);
        var steps = report.Steps.ToDictionary(s => s.Id);
        Assert.Equal("succeeded", steps["look"].Status);
        Assert.Equal("waiting", steps["gate"].Status);
        Assert.Equal("pending", steps["act"].Status);
    }

    [Fact]
    public async Task Approval_ApprovedByAllowedPerson_ResumesToSuccess()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var parked = await harness.StartAsync(GatedPlan.Replace("ON_TIMEOUT", "reject", StringComparison.Ordinal));

        var error = await harness.Runs.DecideAsync(parked.RunId, "gate", DecisionKind.Approve, "cto", "primary is gone", CancellationToken.None);
        var report = await harness.ResumeAsync(parked.RunId);

        Assert.Null(error);
        Assert.Equal("succeeded", report.Status);
        Assert.Equal("cto", report.Steps.Single(s => s.Id == "gate").Outputs["approved_by"]);
    }

    [Fact]
    public async Task MarkDone_OnAnApprovalGate_IsForbiddenAndTheGateStillWaits()
    {
        // Given a run parked at its approval gate
        await using var harness = await EngineHarness.CreateAsync();
        var parked = await harness.StartAsync(GatedPlan.Replace("ON_TIMEOUT", "reject", StringComparison.Ordinal));

        // When an allowed approver's name marks the gate done, and the run is resumed
        var error = await harness.Runs.DecideAsync(new DecisionRequest(parked.RunId, "gate", DecisionKind.MarkDone, "cto", "done"), CancellationToken.None);
        var report = await harness.ResumeAsync(parked.RunId);

        // Then mark-done is refused as forbidden, and the gate still waits for an approval
        Assert.Equal(DecisionErrorKind.Forbidden, error?.Kind);
        Assert.Contains("mark-done never decides a gate", error!.Message, StringComparison.Ordinal);
        Assert.Equal("waiting", report.Status);
        Assert.Equal("waiting", report.Steps.Single(s => s.Id == "gate").Status);
    }

    [Fact]
    public async Task Approval_ByPersonNotListed_IsRefused()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var parked = await harness.StartAsync(GatedPlan.Replace("ON_TIMEOUT", "reject", StringComparison.Ordinal));

        var error = await harness.Runs.DecideAsync(parked.RunId, "gate", DecisionKind.Approve, "intern", null, CancellationToken.None);

        Assert.Equal("'intern' may not decide step 'gate'; expected one of: cto, ops (give --as NAME)", error);
    }

    [Fact]
    public async Task Approval_Rejected_FailsRun()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var parked = await harness.StartAsync(GatedPlan.Replace("ON_TIMEOUT", "reject", StringComparison.Ordinal));

        await harness.Runs.DecideAsync(parked.RunId, "gate", DecisionKind.Reject, "ops", "not yet", CancellationToken.None);
        var report = await harness.ResumeAsync(parked.RunId);

        Assert.Equal("failed", report.Status);
        Assert.Contains("rejected by ops: not yet", report.Steps.Single(s => s.Id == "gate").Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reject", "failed")]
    [InlineData("approve", "succeeded")]
    public async Task Approval_TimeoutElapsed_AppliesPolicy(string policy, string expected)
    {
        // Given a parked gate and a fake clock
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero));
        await using var harness = await EngineHarness.CreateAsync(time);
        var parked = await harness.StartAsync(GatedPlan.Replace("ON_TIMEOUT", policy, StringComparison.Ordinal));

        // When 16 minutes pass with no decision and the run is resumed
        time.Advance(TimeSpan.FromMinutes(16));
        var report = await harness.ResumeAsync(parked.RunId);

        // Then the gate's timeout policy decides
        Assert.Equal(expected, report.Status);
    }

    [Fact]
    public async Task Approval_AutoApproveDrill_GrantsAndRecordsAutomaticDecision()
    {
        await using var harness = await EngineHarness.CreateAsync();

        var report = await harness.StartAsync(GatedPlan.Replace("ON_TIMEOUT", "reject", StringComparison.Ordinal), RunBehaviour.Default with { AutoApprove = true });

        Assert.Equal("succeeded", report.Status);
        var decision = Assert.Single(await harness.Store.GetDecisionsAsync(report.RunId, CancellationToken.None));
        Assert.True(decision.Automatic);
    }

    [Fact]
    public async Task Approval_WaitingProcess_PicksUpDecisionFromAnotherWriter()
    {
        // Given a run waiting at its gate, looking for a decision every 50 ms of fake time
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var harness = await EngineHarness.CreateAsync(time);
        var running = harness.StartAsync(GatedPlan.Replace("ON_TIMEOUT", "reject", StringComparison.Ordinal), RunBehaviour.Default with { WaitForDecisions = true, DecisionPollInterval = TimeSpan.FromMilliseconds(50) });
        Assert.True(await time.DriveUntilAsync(() => harness.Saw(e => e.Kind == RunEventKind.StepStarted && e.StepId == "gate"), running), "the run never reached its gate");
        string runId;
        lock (harness.Events)
        {
            runId = harness.Events[0].RunId;
        }

        // When another writer records the approval
        await harness.Runs.DecideAsync(runId, "gate", DecisionKind.Approve, "ops", null, CancellationToken.None);

        // Then the waiting run picks it up on its next look and finishes
        var report = await time.DriveAsync(running);
        Assert.Equal("succeeded", report.Status);
    }

    [Fact]
    public async Task Resume_InFlightIdempotentStep_RunsItAgain()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var runId = await CrashedRunAsync(harness, idempotent: true);

        var report = await harness.ResumeAsync(runId);

        Assert.Equal("succeeded", report.Status);
        Assert.Equal(2, report.Steps.Single(s => s.Id == "change").Attempts);
    }

    [Fact]
    public async Task Resume_InFlightNonIdempotentStep_WaitsForOperatorThenRetries()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var runId = await CrashedRunAsync(harness, idempotent: false);

        var waiting = await harness.ResumeAsync(runId);
        var refused = await harness.Runs.DecideAsync(runId, "first", DecisionKind.Retry, "ops", null, CancellationToken.None);
        var ordered = await harness.Runs.DecideAsync(runId, "change", DecisionKind.Retry, "ops", "checked: not applied", CancellationToken.None);
        var report = await harness.ResumeAsync(runId);

        Assert.Equal("waiting", waiting.Status);
        Assert.Equal("needs-operator", waiting.Steps.Single(s => s.Id == "change").Status);
        Assert.NotNull(refused);
        Assert.Null(ordered);
        Assert.Equal("succeeded", report.Status);
        Assert.Equal("succeeded", report.Steps.Single(s => s.Id == "first").Status);
        Assert.Equal(1, report.Steps.Single(s => s.Id == "first").Attempts);
    }

    [Fact]
    public async Task Resume_MarkDone_SkipsTheStepAndFinishes()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var runId = await CrashedRunAsync(harness, idempotent: false);
        await harness.ResumeAsync(runId);

        await harness.Runs.DecideAsync(runId, "change", DecisionKind.MarkDone, "ops", "applied by hand", CancellationToken.None);
        var report = await harness.ResumeAsync(runId);

        Assert.Equal("succeeded", report.Status);
        Assert.Equal(1, report.Steps.Single(s => s.Id == "change").Attempts);
    }

    [Fact]
    public async Task Resume_FinishedRun_IsRefused()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var report = await harness.StartAsync(GatedPlan.Replace("ON_TIMEOUT", "reject", StringComparison.Ordinal), RunBehaviour.Default with { AutoApprove = true });

        var outcome = await harness.Runs.ResumeAsync(report.RunId, RunBehaviour.Default, NullRunObserver.Instance, CancellationToken.None);

        Assert.Null(outcome.Report);
        Assert.Equal($"run {report.RunId} has already succeeded; nothing to resume", outcome.Error);
    }

    /// <summary>
    /// Simulates a control plane that died mid-step: the run and its first step finished are stored, and "change" is
    /// recorded as running with no finish — exactly what a SIGKILL leaves. (The CLI test kills a real process.)
    /// </summary>
    private static async Task<string> CrashedRunAsync(EngineHarness harness, bool idempotent)
    {
        var plan = """
            scenario: crash
            severity: P2
            phases:
              - id: one
                name: One
                budget: 1h
                steps:
                  - { id: first, action: noop.run }
                  - { id: change, needs: [first], shell: { argv: ["true"], idempotent: IDEMPOTENT } }
            """.Replace("IDEMPOTENT", idempotent ? "true" : "false", StringComparison.Ordinal);
        var loaded = harness.Load(plan);
        var request = new StartRunRequest(loaded, "crash", RunMode.Drill, "test", new Dictionary<string, string>(), RunBehaviour.Default, "tester");
        var report = await harness.Runs.StartAsync(request, NullRunObserver.Instance, CancellationToken.None);
        var runId = report.Report!.RunId;
        var now = harness.Time.GetUtcNow();
        await harness.Store.UpdateRunAsync(runId, RunStatus.Running, null, null, null, CancellationToken.None);
        var change = new StepRecord(runId, "change", StepStatus.Running, 1, now, null, new Dictionary<string, string>(), null);
        await harness.Store.AppendAsync(new Checkpoints.StepTransition(change, new RunEvent(runId, now, RunEventKind.StepStarted, "one", "change", 1, "change started")), CancellationToken.None);
        return runId;
    }
}
