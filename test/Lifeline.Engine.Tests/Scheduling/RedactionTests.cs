using Lifeline.Engine.Tests.Support;

namespace Lifeline.Engine.Tests.Scheduling;

public sealed class RedactionTests
{
    [Fact]
    public async Task Execute_SecretEchoedByStep_IsMaskedInEventsOutputsAndReport()
    {
        // Given a secret in the environment and a step that prints it
        await using var harness = await EngineHarness.CreateAsync();
        const string secret = "hunter2-very-secret";
        harness.Environment["LIFELINE_SECRET_DB_PASSWORD"] = secret;
        const string plan = """
            scenario: leak
            severity: P3
            phases:
              - id: one
                name: One
                budget: 1m
                steps:
                  - { id: leak, shell: { argv: [echo, "password is ${{ secrets.DB_PASSWORD }}"] } }
            """;

        // When it runs
        var report = await harness.StartAsync(plan);

        // Then the value appears nowhere: not in the report, the stored events, the stored outputs or the live events
        Assert.Equal("succeeded", report.Status);
        var stored = await harness.Store.GetEventsAsync(report.RunId, CancellationToken.None);
        var steps = await harness.Store.GetStepsAsync(report.RunId, CancellationToken.None);
        var everything = string.Join("\n", stored.Select(e => e.Message))
            + string.Join("\n", steps.SelectMany(s => s.Outputs.Values))
            + string.Join("\n", harness.Events.Select(e => e.Message))
            + System.Text.Json.JsonSerializer.Serialize(report, Reports.ReportJson.Default.RunReport);
        Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        Assert.Contains("password is ***", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DryRun_SecretInput_ShownAsMask()
    {
        await using var harness = await EngineHarness.CreateAsync();
        harness.Environment["LIFELINE_SECRET_TOKEN"] = "abcdefgh";
        var loaded = harness.Load("""
            scenario: dry
            severity: P3
            phases:
              - id: one
                name: One
                budget: 1m
                steps:
                  - { id: call, shell: { argv: [curl, example.org], env: { AUTHORIZATION: "Bearer ${{ secrets.TOKEN }}" } } }
            """);

        var report = harness.Runs.DryRun(new Engine.Scheduling.StartRunRequest(loaded, "dry", Core.Providers.RunMode.DryRun, "test", new Dictionary<string, string>(), Engine.Scheduling.RunBehaviour.Default, "tester"));

        var step = report.Phases.Single().Steps.Single();
        Assert.Equal("Bearer ***", step.Inputs["AUTHORIZATION"]);
    }
}
