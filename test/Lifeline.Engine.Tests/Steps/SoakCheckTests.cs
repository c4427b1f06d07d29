using Lifeline.Engine.Reports;
using Lifeline.Engine.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Engine.Tests.Steps;

/// <summary>
/// A check with <c>hold</c> is a soak (MedZen's "monitor for 24 hours before full cutover"): the expectation must hold at
/// every probe for the whole duration. Probed here through the real file-secrets provider against a real file, on a
/// fake clock moved in 10 s steps, so an hour of soak takes a moment.
/// </summary>
public sealed class SoakCheckTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(FakeClock.Start);

    [Fact]
    public async Task Hold_ExpectationHoldsThroughout_SucceedsOnlyAfterTheWholeDuration()
    {
        // Given a secret file that stays in place, and a plan that soaks on it for an hour, then goes on
        await using var harness = await EngineHarness.CreateAsync(_time);
        File.WriteAllText(harness.PathOf("canary"), "ok");

        // When it runs
        var report = await DriveAsync(harness.StartAsync(Plan, extraResources: Resource(harness)), () => { });

        // Then the soak lasted the hour before the next step started
        Assert.Equal("succeeded", report.Status);
        var steps = report.Steps.ToDictionary(s => s.Id);
        Assert.True(steps["soak"].FinishedAt - steps["soak"].StartedAt >= TimeSpan.FromHours(1), $"soak took {steps["soak"].FinishedAt - steps["soak"].StartedAt}");
        Assert.True(steps["after"].StartedAt >= steps["soak"].FinishedAt);
    }

    [Fact]
    public async Task Hold_ExpectationFailsOnceMidway_FailsTheStepAndNothingAfterRuns()
    {
        // Given the same soak, and the file removed 20 minutes in
        await using var harness = await EngineHarness.CreateAsync(_time);
        var file = harness.PathOf("canary");
        File.WriteAllText(file, "ok");
        var removeAt = FakeClock.Start + TimeSpan.FromMinutes(20);

        // When it runs
        var report = await DriveAsync(harness.StartAsync(Plan, extraResources: Resource(harness)), () =>
        {
            if (_time.GetUtcNow() >= removeAt)
            {
                File.Delete(file);
            }
        });

        // Then the step fails at the first probe that saw it gone, well before the hour, and the gate after it never runs
        Assert.Equal("failed", report.Status);
        var soak = report.Steps.Single(s => s.Id == "soak");
        Assert.Equal("failed", soak.Status);
        Assert.Contains("did not hold for 1h", soak.Error, StringComparison.Ordinal);
        Assert.True(soak.FinishedAt - soak.StartedAt < TimeSpan.FromMinutes(25), $"failed only after {soak.FinishedAt - soak.StartedAt}");
        Assert.DoesNotContain(report.Steps, s => s.Id == "after" && s.Status == "succeeded");
    }

    private const string Plan = """
        scenario: soak
        severity: P3
        phases:
          - id: canary
            name: Canary
            budget: 2h
            steps:
              - { id: soak, check: secret.get, target: canary, expect: { exists: true }, hold: 1h, interval: 1m }
              - { id: after, needs: [soak], action: noop.run }
        """;

    private static string Resource(EngineHarness harness) => $$"""
          canary:
            kind: secret
            site: here
            bindings:
              test: { provider: file-secrets, settings: { dir: "{{harness.Directory}}", name: canary } }
        """;

    /// <summary>Moves the clock 10 s at a time while the run works, calling <paramref name="between"/> after each move.</summary>
    private async Task<RunReport> DriveAsync(Task<RunReport> work, Action between)
    {
        while (!work.IsCompleted)
        {
            _time.Advance(Step);
            between();
            // A yield to the work between moves, not a wait for anything: nothing asserted depends on its length.
            await Task.WhenAny(work, Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System));
        }

        return await work;
    }
}
