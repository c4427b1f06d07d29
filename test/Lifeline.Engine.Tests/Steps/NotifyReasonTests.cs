using Lifeline.Engine.Tests.Support;

namespace Lifeline.Engine.Tests.Steps;

public sealed class NotifyReasonTests
{
    [Fact]
    public async Task Execute_TemplateWithReasonFromAnInput_TheMessageSaysWhy()
    {
        // Given a plan whose initial notification passes its reason input, as the Axis plan does
        await using var harness = await EngineHarness.CreateAsync();
        const string plan = """
            scenario: reasoned
            severity: P1
            inputs:
              reason: { default: Primary region unreachable from three vantage points }
            phases:
              - id: first
                name: First Phase
                budget: 1m
                steps:
                  - { id: initial, notify: { to: [ops], template: axis-initial, reason: "${{ inputs.reason }}" } }
            """;

        // When it runs
        var report = await harness.StartAsync(plan);

        // Then the rendered message carries the reason
        Assert.Equal("succeeded", report.Status);
        var logged = string.Join("\n", harness.Events.Where(e => e.StepId == "initial").Select(e => e.Message));
        Assert.Contains("Reason: Primary region unreachable from three vantage points", logged, StringComparison.Ordinal);
    }
}
