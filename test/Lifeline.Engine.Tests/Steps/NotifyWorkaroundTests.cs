using Lifeline.Engine.Tests.Support;

namespace Lifeline.Engine.Tests.Steps;

public sealed class NotifyWorkaroundTests
{
    [Fact]
    public async Task Execute_UserNotificationWithWorkaroundFromAnInput_TheMessageHasTheWorkaroundLine()
    {
        // Given a plan whose user notification passes its workaround input, as the MedZen Chime plans do
        await using var harness = await EngineHarness.CreateAsync();
        const string plan = """
            scenario: worked-around
            severity: P2
            inputs:
              workaround: { default: Join the call again from the appointment page. }
            phases:
              - id: first
                name: First Phase
                budget: 1m
                steps:
                  - { id: users, notify: { to: [ops], template: medzen-user-notification, workaround: "${{ inputs.workaround }}" } }
            """;

        // When it runs
        var report = await harness.StartAsync(plan);

        // Then the rendered notice carries the runbook's Workaround line
        Assert.Equal("succeeded", report.Status);
        var logged = string.Join("\n", harness.Events.Where(e => e.StepId == "users").Select(e => e.Message));
        Assert.Contains("\nWorkaround: Join the call again from the appointment page.\n", logged, StringComparison.Ordinal);
    }
}
