using Lifeline.Engine.Runs;
using Lifeline.Engine.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Engine.Tests.Scheduling;

/// <summary>The executor on a fake clock: sleeps, timeouts, backoffs, budgets and status updates elapse in fake time.</summary>
public sealed class RunExecutorTests
{
    private readonly FakeTimeProvider _time = new(FakeClock.Start);

    [Fact]
    public async Task Execute_Diamond_RunsIndependentStepsInParallelAndDependantsAfter()
    {
        // Given a diamond: a, then b and c (independent, 400 ms each), then d
        await using var harness = await EngineHarness.CreateAsync(_time);
        const string plan = """
            scenario: diamond
            severity: P3
            phases:
              - id: only
                name: Only
                budget: 1m
                steps:
                  - { id: a, action: noop.run }
                  - { id: b, action: sleep.run, with: { duration: 400ms }, needs: [a] }
                  - { id: c, action: sleep.run, with: { duration: 400ms }, needs: [a] }
                  - { id: d, action: noop.run, needs: [b, c] }
            """;

        // When it runs (the clock standing still until b and c have both started, as on an idle machine)
        var report = await _time.DriveAsync(
            harness.StartAsync(plan),
            hold: () => !(harness.Saw(e => e.Kind == RunEventKind.StepStarted && e.StepId == "b") && harness.Saw(e => e.Kind == RunEventKind.StepStarted && e.StepId == "c")));

        // Then b and c overlap, and d starts only after both finished
        Assert.Equal("succeeded", report.Status);
        var steps = report.Steps.ToDictionary(s => s.Id);
        Assert.True(steps["b"].StartedAt < steps["c"].FinishedAt && steps["c"].StartedAt < steps["b"].FinishedAt, "b and c should overlap");
        Assert.True(steps["b"].StartedAt >= steps["a"].FinishedAt);
        Assert.True(steps["d"].StartedAt >= steps["b"].FinishedAt && steps["d"].StartedAt >= steps["c"].FinishedAt);
    }

    [Fact]
    public async Task Execute_Phases_RunInOrder()
    {
        await using var harness = await EngineHarness.CreateAsync(_time);
        const string plan = """
            scenario: phased
            severity: P3
            phases:
              - { id: one, name: One, budget: 1m, steps: [ { id: first, action: sleep.run, with: { duration: 200ms } } ] }
              - { id: two, name: Two, budget: 1m, steps: [ { id: second, action: noop.run } ] }
            """;

        var report = await _time.DriveAsync(harness.StartAsync(plan));

        var steps = report.Steps.ToDictionary(s => s.Id);
        Assert.True(steps["second"].StartedAt >= steps["first"].FinishedAt);
        Assert.All(report.Phases, p => Assert.Equal("succeeded", p.Status));
    }

    [Fact]
    public async Task Execute_StepExceedsTimeout_FailsWithTimeoutMessage()
    {
        await using var harness = await EngineHarness.CreateAsync(_time);
        const string plan = """
            scenario: slow
            severity: P3
            phases:
              - id: only
                name: Only
                budget: 1m
                steps:
                  - { id: slow, action: sleep.run, with: { duration: 1h }, timeout: 200ms }
            """;

        var report = await _time.DriveAsync(harness.StartAsync(plan));

        Assert.Equal("failed", report.Status);
        var slow = Assert.Single(report.Steps);
        Assert.Equal("failed", slow.Status);
        Assert.Contains("timed out after 200ms", slow.Error, StringComparison.Ordinal);
        Assert.True(slow.DurationS < 600, $"a timed-out step must not wait for the operation (took {slow.DurationS}s of fake time)");
    }

    [Fact]
    public async Task Execute_FailingStepWithRetry_TriesEveryAttemptWithBackoff()
    {
        await using var harness = await EngineHarness.CreateAsync(_time);
        const string plan = """
            scenario: flaky
            severity: P3
            phases:
              - id: only
                name: Only
                budget: 1m
                steps:
                  - id: flaky
                    action: sleep.run
                    with: { duration: 1ms, fail: true }
                    retry: { attempts: 3, delay: 100ms, backoff: exponential }
            """;

        var report = await _time.DriveAsync(harness.StartAsync(plan));

        var flaky = Assert.Single(report.Steps);
        Assert.Equal("failed", flaky.Status);
        Assert.Equal(3, flaky.Attempts);
        Assert.Equal(2, harness.Events.Count(e => e.Kind == RunEventKind.StepRetrying));
        Assert.True(flaky.DurationS >= 0.29, $"backoff 100ms + 200ms expected, took {flaky.DurationS}s");
    }

    [Fact]
    public async Task Execute_RetryOnTransientOnly_DoesNotRetryPermanentFailure()
    {
        await using var harness = await EngineHarness.CreateAsync(_time);
        const string plan = """
            scenario: permanent
            severity: P3
            phases:
              - id: only
                name: Only
                budget: 1m
                steps:
                  - id: broken
                    action: sleep.run
                    with: { duration: 1ms, fail: true, transient: false }
                    retry: { attempts: 5, delay: 10ms, on: transient }
            """;

        var report = await _time.DriveAsync(harness.StartAsync(plan));

        Assert.Equal(1, Assert.Single(report.Steps).Attempts);
    }

    [Fact]
    public async Task Execute_OnFailureStop_SkipsDependantsAndFailsRun()
    {
        await using var harness = await EngineHarness.CreateAsync(_time);
        const string plan = """
            scenario: stop
            severity: P3
            phases:
              - id: one
                name: One
                budget: 1m
                steps:
                  - { id: broken, action: sleep.run, with: { duration: 1ms, fail: true } }
                  - { id: after, action: noop.run, needs: [broken] }
              - { id: two, name: Two, budget: 1m, steps: [ { id: later, action: noop.run } ] }
            """;

        var report = await _time.DriveAsync(harness.StartAsync(plan));

        Assert.Equal("failed", report.Status);
        var steps = report.Steps.ToDictionary(s => s.Id);
        Assert.Equal("skipped", steps["after"].Status);
        Assert.Equal("skipped", steps["later"].Status);
        Assert.Contains("broken", report.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_OnFailureContinue_RunsDependantsAndSucceeds()
    {
        await using var harness = await EngineHarness.CreateAsync(_time);
        const string plan = """
            scenario: continue
            severity: P3
            phases:
              - id: one
                name: One
                budget: 1m
                steps:
                  - { id: optional, action: sleep.run, with: { duration: 1ms, fail: true }, on-failure: continue }
                  - { id: after, action: noop.run, needs: [optional] }
            """;

        var report = await _time.DriveAsync(harness.StartAsync(plan));

        Assert.Equal("succeeded", report.Status);
        var steps = report.Steps.ToDictionary(s => s.Id);
        Assert.Equal("failed", steps["optional"].Status);
        Assert.Equal("succeeded", steps["after"].Status);
    }

    [Fact]
    public async Task Execute_OnFailureCompensate_RunsCompensationThenStops()
    {
        await using var harness = await EngineHarness.CreateAsync(_time);
        var marker = harness.PathOf("compensated");
        var plan = $$"""
            scenario: compensate
            severity: P3
            phases:
              - id: one
                name: One
                budget: 1m
                steps:
                  - id: change
                    action: sleep.run
                    with: { duration: 1ms, fail: true }
                    on-failure: compensate
                    compensate: { shell: { argv: [touch, "{{marker}}"] } }
                  - { id: after, action: noop.run, needs: [change] }
            """;

        var report = await _time.DriveAsync(harness.StartAsync(plan));

        Assert.Equal("failed", report.Status);
        Assert.True(File.Exists(marker), "the compensation step should have run");
        var steps = report.Steps.ToDictionary(s => s.Id);
        Assert.Equal("succeeded", steps["change-compensate"].Status);
        Assert.Equal("skipped", steps["after"].Status);
    }

    [Fact]
    public async Task Execute_PhaseOverBudget_WarnsAndMarksPhaseOverrun()
    {
        await using var harness = await EngineHarness.CreateAsync(_time);
        const string plan = """
            scenario: overrun
            severity: P3
            phases:
              - id: tight
                name: Tight
                budget: 100ms
                steps:
                  - { id: slow, action: sleep.run, with: { duration: 600ms } }
            """;

        var report = await _time.DriveAsync(harness.StartAsync(plan));

        Assert.Equal("succeeded", report.Status);
        Assert.Equal("overrun", Assert.Single(report.Phases).Status);
        Assert.Contains(harness.Events, e => e.Kind == RunEventKind.PhaseOverrun && e.PhaseId == "tight");
        Assert.Contains(report.Warnings, w => w.Contains("overrun", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Execute_StepOutputs_FlowIntoLaterSteps()
    {
        await using var harness = await EngineHarness.CreateAsync(_time);
        var file = harness.PathOf("endpoint.txt");
        var plan = """
            scenario: outputs
            severity: P3
            phases:
              - id: one
                name: One
                budget: 1m
                steps:
                  - { id: produce, shell: { argv: [echo, "db.example:5432"] } }
                  - { id: consume, needs: [produce], shell: { argv: [bash, -c, "echo \"$0\" > FILE", "${{ steps.produce.outputs.stdout }}"] } }
            """.Replace("FILE", file, StringComparison.Ordinal);

        var report = await _time.DriveAsync(harness.StartAsync(plan));

        Assert.Equal("succeeded", report.Status);
        Assert.Equal("db.example:5432", File.ReadAllText(file).Trim());
    }

    [Fact]
    public async Task Execute_CheckExpectationReferencingOutput_ComparesResolvedValue()
    {
        await using var harness = await EngineHarness.CreateAsync(_time);
        const string plan = """
            scenario: expect
            severity: P3
            phases:
              - id: one
                name: One
                budget: 1m
                steps:
                  - { id: produce, shell: { argv: [echo, "42"] } }
                  - id: observe
                    needs: [produce]
                    check: noop.observe
                    with: { value: "42" }
                    expect: { value: "${{ steps.produce.outputs.stdout }}" }
                    timeout: 2s
            """;

        var report = await _time.DriveAsync(harness.StartAsync(plan));

        Assert.Equal("succeeded", report.Status);
    }

    [Fact]
    public async Task Execute_NotifyWithTemplate_RendersThePhaseChecklistFromTheLiveRun()
    {
        await using var harness = await EngineHarness.CreateAsync(_time);
        const string plan = """
            scenario: templated
            severity: P1
            phases:
              - { id: first, name: First Phase, budget: 1m, steps: [ { id: a, action: noop.run } ] }
              - id: second
                name: Second Phase
                budget: 1m
                steps:
                  - { id: update, notify: { to: [ops], template: axis-status-update } }
              - { id: third, name: Third Phase, budget: 1m, steps: [ { id: b, action: noop.run } ] }
            """;

        var report = await _time.DriveAsync(harness.StartAsync(plan));

        Assert.Equal("succeeded", report.Status);
        var logged = string.Join("\n", harness.Events.Where(e => e.StepId == "update").Select(e => e.Message));
        Assert.Contains("[UPDATE] Disaster Recovery Status", logged, StringComparison.Ordinal);
        Assert.Contains("✓ First Phase", logged, StringComparison.Ordinal);
        Assert.Contains("⏳ Second Phase (in progress)", logged, StringComparison.Ordinal);
        Assert.Contains("⏳ Third Phase", logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_NotifyWithUnknownTemplate_FailsNamingTheTemplates()
    {
        await using var harness = await EngineHarness.CreateAsync(_time);
        const string plan = """
            scenario: badtemplate
            severity: P3
            phases:
              - { id: one, name: One, budget: 1m, steps: [ { id: update, notify: { to: [ops], template: axis-statsu-update } } ] }
            """;

        var report = await _time.DriveAsync(harness.StartAsync(plan));

        var error = Assert.Single(report.Steps).Error;
        Assert.Contains("no message template 'axis-statsu-update' (did you mean 'axis-status-update'?)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_StatusUpdatesPolicy_SendsTheChecklistEveryIntervalWhileRunning()
    {
        await using var harness = await EngineHarness.CreateAsync(_time);
        const string plan = """
            scenario: periodic
            severity: P1
            status-updates: { every: 1s, template: axis-status-update, to: [ops] }
            phases:
              - { id: slow, name: Slow Phase, budget: 1m, steps: [ { id: hold, wait: 2500ms } ] }
            """;

        var report = await _time.DriveAsync(harness.StartAsync(plan));

        Assert.Equal("succeeded", report.Status);
        var sent = harness.Events.Count(e => e.StepId == "status-update" && e.Message.StartsWith("status update", StringComparison.Ordinal));
        var held = report.Steps.Single(s => s.Id == "hold").DurationS;
        Assert.InRange(sent, 2, (int)Math.Ceiling(held ?? 0) + 1);
        Assert.Contains(harness.Events, e => e.StepId == "status-update" && e.Message.Contains("⏳ Slow Phase (in progress)", StringComparison.Ordinal));
    }
}
