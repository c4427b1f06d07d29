using System.Text.Json;
using Lifeline.Cli.Tests.Support;

namespace Lifeline.Cli.Tests.Commands;

/// <summary><c>lifeline readiness</c> and <c>lifeline schedule --once</c> on the Axis example, with no sandbox running.</summary>
public sealed class ReadinessCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lifeline-readiness-" + Guid.NewGuid().ToString("N")[..8]);

    public ReadinessCommandTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Readiness_AxisSandboxProfileWithoutASandbox_FailsOnlyWhatIsWrongAndSaysWhyTheRestIsNotChecked()
    {
        // Given the Axis example and no sandbox (its variables and secrets unset)
        var environment = new Dictionary<string, string> { ["LIFELINE_SANDBOX_DIR"] = _directory };

        // When readiness is checked as JSON
        var (exit, stdout, stderr) = await CliProcess.RunAsync(_directory, ["readiness", "--estate", Path.Combine(RepositoryPaths.Root, "examples", "axis-imaging"), "--profile", "sandbox", "--output", "json"], environment);

        // Then it is not ready (exit 1): the placeholder contacts and the missing secrets fail; the probes that need them
        // are not checked, with the reason; the two documented-only resources do not fail "resources bound"
        Assert.True(exit == 1, stderr);
        var items = JsonDocument.Parse(stdout).RootElement.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("kind").GetString()!, i => i);
        string Status(string kind) => items[kind].GetProperty("status").GetString()!;
        Assert.Equal(("pass", "fail", "fail", "not-checked", "not-checked"), (Status("resources-bound"), Status("contacts"), Status("credentials"), Status("replication"), Status("backups")));
        Assert.Contains("phone '+61-XXX-XXX-XXX' is not a number", items["contacts"].GetProperty("evidence").GetString(), StringComparison.Ordinal);
        Assert.Contains("environment variable LIFELINE_SANDBOX_PG_STANDBY_PORT is not set", items["replication"].GetProperty("evidence").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduleOnce_AxisExample_ListsBothRunbooksCalendarWithNextDueTimes()
    {
        // Given the Axis example's calendar
        // When it is printed as JSON
        var (exit, stdout, stderr) = await CliProcess.RunAsync(_directory, "schedule", "--estate", Path.Combine(RepositoryPaths.Root, "examples", "axis-imaging"), "--once", "--output", "json");

        // Then every item is there with its kind, owner and next due time
        Assert.True(exit == 0, stderr);
        var entries = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(10, entries.Count);
        var gameDay = entries.Single(e => e.GetProperty("item").GetString() == "quarterly-region-failover-game-day");
        Assert.Equal(("game-day", "cto"), (gameDay.GetProperty("kind").GetString(), gameDay.GetProperty("owner").GetString()));
        Assert.All(entries, e => Assert.True(e.GetProperty("next_due").GetDateTimeOffset() > TimeProvider.System.GetUtcNow()));
    }
}
