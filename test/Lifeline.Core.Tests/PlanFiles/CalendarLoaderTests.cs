using static Lifeline.Core.Tests.PlanFiles.LoaderFixture;

namespace Lifeline.Core.Tests.PlanFiles;

/// <summary>The estate's <c>calendar:</c>: read with its cron cadence, and every mistake located with what was expected.</summary>
public sealed class CalendarLoaderTests
{
    private const string NoopPlan = """
        scenario: p
        severity: P1
        phases:
          - id: one
            budget: 10m
            steps:
              - { id: a, wait: 1s }
        """;

    [Fact]
    public void Load_ValidCalendar_HasNoDiagnostics()
    {
        // Given a drill and a task with a checklist
        var estate = Estate + """
            calendar:
              nightly: { cadence: "0 2 * * *", owner: cto, drill: p }
              review: { cadence: "0 0 15 3 *", owner: on-call, task: Review the RTOs, checklist: [Read drills], due-within: 30d }
            """;

        // When the estate loads, then nothing is wrong
        Assert.Empty(Load(estate, NoopPlan));
    }

    [Fact]
    public void Load_CalendarMistakes_AreEachLocatedWithWhatWasExpected()
    {
        // Given a cadence that is not cron, an owner who is not a contact, a drill of no plan, and an item both drill and task
        var estate = Estate + """
            calendar:
              bad-cron: { cadence: "0 2 32 * *", owner: cto, drill: p }
              bad-owner: { cadence: "0 2 * * *", owner: nobody, drill: p }
              bad-drill: { cadence: "0 2 * * *", owner: cto, drill: q }
              both: { cadence: "0 2 * * *", owner: cto, drill: p, task: Also a task }
            """;

        // When the estate loads
        var diagnostics = Load(estate, NoopPlan);

        // Then each is an error at its line and column, saying what was expected
        Assert.Contains(diagnostics, d => d.StartsWith(At(estate, "bad-cron:"), StringComparison.Ordinal) && d.Contains("cadence '0 2 32 * *' is not a cron expression", StringComparison.Ordinal) && d.Contains("expected five fields", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.StartsWith(At(estate, "bad-owner:"), StringComparison.Ordinal) && d.Contains("nobody", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.StartsWith(At(estate, "bad-drill:"), StringComparison.Ordinal) && d.Contains("drills scenario 'q', which no plan defines", StringComparison.Ordinal) && d.EndsWith("expected one of p", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.StartsWith(At(estate, "both:"), StringComparison.Ordinal) && d.Contains("drill", StringComparison.Ordinal) && d.Contains("task", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_CommunicationsTestMistakes_AreEachLocatedWithWhatWasExpected()
    {
        // Given a valid communications test, a drill with an acknowledgement window, a threshold without a window, and 0%
        var estate = Estate + """
            calendar:
              comms: { cadence: "0 9 1 * *", owner: cto, task: Test the channels, acknowledge-within: 15m, min-acknowledged: 80 }
              drill-acks: { cadence: "0 2 * * *", owner: cto, drill: p, acknowledge-within: 15m }
              no-window: { cadence: "0 9 1 * *", owner: cto, task: Test, min-acknowledged: 80 }
              zero: { cadence: "0 9 1 * *", owner: cto, task: Test, acknowledge-within: 15m, min-acknowledged: 0 }
            """;

        // When the estate loads
        var diagnostics = Load(estate, NoopPlan);

        // Then the valid one passes and each mistake is an error at its line, saying what was expected
        Assert.Equal(3, diagnostics.Count);
        Assert.Contains(diagnostics, d => d.StartsWith(At(estate, "drill-acks:"), StringComparison.Ordinal) && d.Contains("is not a task", StringComparison.Ordinal) && d.Contains("expected acknowledge-within and min-acknowledged with task", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.StartsWith(At(estate, "no-window:"), StringComparison.Ordinal) && d.Contains("min-acknowledged but no acknowledge-within", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.StartsWith(At(estate, "zero:"), StringComparison.Ordinal) && d.Contains("min-acknowledged 0 is not a percentage", StringComparison.Ordinal) && d.EndsWith("expected a whole number from 1 to 100", StringComparison.Ordinal));
    }

    /// <summary>"e/estate.yaml:LINE:" of the line that holds <paramref name="text"/>.</summary>
    private static string At(string estate, string text) =>
        $"e/estate.yaml:{estate.Split('\n').ToList().FindIndex(l => l.Contains(text, StringComparison.Ordinal)) + 1}:";
}
