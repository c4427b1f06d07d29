using Lifeline.Core.PlanFiles;
using Lifeline.Engine.Calendar;
using Lifeline.Engine.Incidents.Escalation;
using Lifeline.Engine.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Engine.Tests.Calendar;

/// <summary>The testing calendar on fake time: drills start when due and are graded, game days wait, tasks remind once.</summary>
public sealed class CalendarSchedulerTests : IAsyncLifetime
{
    private const string Plan = """
        scenario: failover
        severity: P1
        objective: { rto: critical, rpo: database }
        phases:
          - id: one
            name: One
            budget: 1h
            steps:
              - { id: act, action: noop.run }
        """;

    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private EngineHarness _harness = null!;
    private string _log = "";

    public async Task InitializeAsync()
    {
        _harness = await EngineHarness.CreateAsync(_time);
        _log = Path.Combine(_harness.Directory, "notifications.log");
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task TickAsync_DrillsFallDue_StartsEachOnceWhenDueAndGradesAnRtoOverrunFailedWithTheReason()
    {
        // Given a nightly sandbox drill, a weekly one, and a launcher whose nightly drill took 2 h against a 1 h RTO
        var estate = Load("""
              nightly: { cadence: "0 2 * * *", owner: ops, drill: failover }
              weekly: { cadence: "0 3 * * 1", owner: ops, drill: failover }
            """);
        var launcher = new RecordedDrillLauncher(r => new DrillResult("run-" + r.Item.Id, true, r.Item.Id == "nightly" ? TimeSpan.FromHours(2) : TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(3), [], []));
        var scheduler = new CalendarScheduler(launcher, _time);

        // When the clock passes 01:59 and then 02:00 on Tuesday 1 December
        _time.SetUtcNow(Start.AddHours(1).AddMinutes(59));
        Assert.Empty(await scheduler.TickAsync(estate, null, CancellationToken.None));
        _time.SetUtcNow(Start.AddHours(2));
        var graded = await scheduler.TickAsync(estate, null, CancellationToken.None);
        await scheduler.TickAsync(estate, null, CancellationToken.None);

        // Then only the nightly drill started, once, in a sandbox, and was graded failed for its RTO
        var request = Assert.Single(launcher.Requests);
        Assert.Equal(("nightly", "failover", Core.Estates.CalendarMode.Sandbox, Start.AddHours(2)), (request.Item.Id, request.Scenario, request.Mode, request.DueAt));
        var grade = Assert.Single(graded);
        Assert.False(grade.Passed);
        Assert.Equal(["RTO 2h exceeded the objective critical 1h"], grade.Reasons);
        var nightly = scheduler.Entries(estate).Single(e => e.Item == "nightly");
        Assert.Equal((Start.AddHours(2), Start.AddDays(1).AddHours(2)), (nightly.LastDue!.Value, nightly.NextDue!.Value));

        // And when Monday 03:00 comes (the nightlies of the days between ran too), the weekly one runs and passes
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero));
        var monday = await scheduler.TickAsync(estate, null, CancellationToken.None);
        Assert.Equal(["nightly", "weekly"], monday.Select(g => g.Item));
        Assert.True(monday[1].Passed, monday[1].Verdict);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero), monday[0].DueAt);
    }

    [Fact]
    public async Task RunAsync_LauncherThrows_ReportsTheFailureAndKeepsTicking()
    {
        // Given a nightly drill whose launcher throws (a bug, not an expected failure)
        var estate = Load("""
              nightly: { cadence: "0 2 * * *", owner: ops, drill: failover }
            """);
        var launcher = new RecordedDrillLauncher(_ => throw new InvalidOperationException("launcher bug"));
        var scheduler = new CalendarScheduler(launcher, _time);
        var failures = new List<string>();
        _time.SetUtcNow(Start.AddHours(2));

        // When the calendar runs for two ticks (the drill, never handled, is still due on the second)
        using var stop = new CancellationTokenSource();
        var run = scheduler.RunAsync(() => [(estate, null)], TimeSpan.FromSeconds(1), stop.Token, (name, ex) => failures.Add($"{name}: {ex.Message}"));
        Assert.True(await _time.DriveUntilAsync(() => launcher.Requests.Count >= 2, run));
        await stop.CancelAsync();
        await run;

        // Then each failed tick was reported, and the calendar kept running instead of stopping its host
        Assert.True(failures.Count >= 1);
        Assert.All(failures, f => Assert.Equal("test: launcher bug", f));
    }

    [Fact]
    public async Task TickAsync_DrillLeavesAPortBoundAndAValidationFailed_IsGradedFailedNamingBoth()
    {
        // Given a drill whose sandbox kept a port and whose data check failed
        var estate = Load("""
              nightly: { cadence: "0 2 * * *", owner: ops, drill: failover }
            """);
        var launcher = new RecordedDrillLauncher(r => new DrillResult("run-1", true, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1), ["row counts match the baseline"], ["127.0.0.1:5433 still bound"]));
        var scheduler = new CalendarScheduler(launcher, _time);

        // When it falls due
        _time.SetUtcNow(Start.AddHours(2));
        var grade = Assert.Single(await scheduler.TickAsync(estate, null, CancellationToken.None));

        // Then it failed for both reasons
        Assert.Equal(["validation failed: row counts match the baseline", "not cleaned up: 127.0.0.1:5433 still bound"], grade.Reasons);
    }

    [Fact]
    public async Task TickAsync_GameDay_WaitsForItsApprovalThenRuns()
    {
        // Given a production game day
        var estate = Load("""
              game-day: { cadence: "0 2 * * *", owner: cto, drill: failover, mode: game-day }
            """);
        var launcher = new RecordedDrillLauncher(_ => new DrillResult("run-1", true, TimeSpan.FromMinutes(5), TimeSpan.Zero, [], []));
        var scheduler = new CalendarScheduler(launcher, _time);

        // When it falls due, nobody approves, and later someone does
        _time.SetUtcNow(Start.AddHours(2));
        await scheduler.TickAsync(estate, Notifier(estate), CancellationToken.None);
        await scheduler.TickAsync(estate, Notifier(estate), CancellationToken.None);
        Assert.Empty(launcher.Requests);
        Assert.Equal(Start.AddHours(2), scheduler.Entries(estate).Single().AwaitingApprovalSince);
        Assert.True(scheduler.ApproveGameDay("test", "game-day"));
        _time.Advance(TimeSpan.FromMinutes(5));
        await scheduler.TickAsync(estate, Notifier(estate), CancellationToken.None);

        // Then it ran once, in production mode, after the approval; the owner was asked once
        Assert.Equal(Core.Estates.CalendarMode.GameDay, Assert.Single(launcher.Requests).Mode);
        Assert.Single(File.ReadAllLines(_log), l => l.Contains("waits for approval", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TickAsync_TaskOverdue_RemindsItsOwnerOnceThroughTheChannel()
    {
        // Given a monthly review task due within a day, and the estate's notify-log channel
        var estate = Load("""
              review: { cadence: "0 9 1 * *", owner: cto, task: Review the RTOs, checklist: [Read the last drills, Adjust objectives], due-within: 1d }
            """);
        var scheduler = new CalendarScheduler(new RecordedDrillLauncher(_ => throw new InvalidOperationException("a task is not a drill")), _time);

        // When it falls due, the deadline passes, and the scheduler ticks twice more
        _time.SetUtcNow(Start.AddHours(9));
        await scheduler.TickAsync(estate, Notifier(estate), CancellationToken.None);
        Assert.Equal(Start.AddDays(1).AddHours(9), scheduler.Entries(estate).Single().Task!.Deadline);
        _time.SetUtcNow(Start.AddDays(1).AddHours(9).AddMinutes(1));
        await scheduler.TickAsync(estate, Notifier(estate), CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(1));
        await scheduler.TickAsync(estate, Notifier(estate), CancellationToken.None);

        // Then exactly one reminder went out, to the owner, with the checklist
        var reminder = Assert.Single(File.ReadAllLines(_log));
        Assert.Contains("Review the RTOs", reminder, StringComparison.Ordinal);
        Assert.Contains("Adjust objectives", reminder, StringComparison.Ordinal);
        Assert.Contains("cto", reminder, StringComparison.Ordinal);
        Assert.Equal(Start.AddDays(1).AddHours(9).AddMinutes(1), scheduler.Entries(estate).Single().Task!.RemindedAt);
    }

    [Fact]
    public async Task TickAsync_HostRestartsAfterAReminderAndAGrade_RemembersBothAndRemindsNoOneTwice()
    {
        // Given a calendar that remembers itself in a file, with a nightly drill and a task due within a day
        var estate = Load("""
              nightly: { cadence: "0 2 * * *", owner: ops, drill: failover }
              review: { cadence: "0 9 1 * *", owner: cto, task: Review the RTOs, due-within: 1d }
            """);
        var file = new CalendarStateFile(Path.Combine(_harness.Directory, "calendar-" + Guid.NewGuid().ToString("N")[..8], "calendar.json"));
        var launcher = new RecordedDrillLauncher(r => new DrillResult("run-" + r.Item.Id, true, TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(3), [], []));
        var before = new CalendarScheduler(launcher, _time, file);
        _time.SetUtcNow(Start.AddDays(1).AddHours(9).AddMinutes(1));
        await before.TickAsync(estate, Notifier(estate), CancellationToken.None);
        await before.TickAsync(estate, Notifier(estate), CancellationToken.None);
        Assert.Single(File.ReadAllLines(_log));

        // When the host restarts an hour later and the new calendar ticks
        _time.Advance(TimeSpan.FromHours(1));
        var after = new CalendarScheduler(launcher, _time, file);
        await after.TickAsync(estate, Notifier(estate), CancellationToken.None);

        // Then the grade and the open task survived, the drill did not run again, and no second reminder went out
        Assert.Null(after.Problem);
        Assert.Equal(["nightly"], after.Grades().Select(g => g.Item));
        Assert.Single(launcher.Requests);
        var review = after.Entries(estate).Single(e => e.Item == "review");
        Assert.NotNull(review.Task?.RemindedAt);
        Assert.Single(File.ReadAllLines(_log));
    }

    [Fact]
    public void Constructor_SavedStateIsNotJson_SaysSoAndStartsFromTheCadences()
    {
        // Given a calendar file that is not JSON
        var path = Path.Combine(_harness.Directory, "calendar-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        File.WriteAllText(path, "{ not json");

        // When a calendar starts from it
        var scheduler = new CalendarScheduler(new RecordedDrillLauncher(_ => throw new InvalidOperationException("no drill")), _time, new CalendarStateFile(path));

        // Then it names the file and starts empty, without losing the file
        Assert.StartsWith(path + ": the calendar's saved state cannot be read", scheduler.Problem, StringComparison.Ordinal);
        Assert.Empty(scheduler.Grades());
        Assert.Equal("{ not json", File.ReadAllText(path));
    }

    private ChannelNotifier Notifier(LoadedEstate estate) => new(estate.Estate, "test", "alerts", _harness.Providers, _ => null);

    private LoadedEstate Load(string calendar)
    {
        var directory = Path.Combine(_harness.Directory, "estate-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(directory, "plans"));
        File.WriteAllText(Path.Combine(directory, "plans", "failover.yaml"), Plan);
        File.WriteAllText(Path.Combine(directory, "estate.yaml"), $$"""
            estate: test
            profiles: [test]
            sites:
              here: { role: primary }
            objectives:
              rto: { critical: 1h }
              rpo: { database: 15m }
            contacts:
              ops: { name: Ops, role: On-call, email: ops@example.test }
              cto: { name: CTO, role: CTO, email: cto@example.test }
            resources:
              alerts:
                kind: notification-channel
                site: here
                bindings:
                  test: { provider: notify-log, settings: { file: "{{_log}}" } }
            calendar:
            {{calendar}}
            """);
        var (sources, problems) = EstateSources.Read(directory);
        Assert.True(sources is not null, string.Join("\n", problems));
        var (loaded, diagnostics) = EstateLoader.Load(sources!, new LoadOptions("test", new Dictionary<string, string>(), _harness.Providers));
        Assert.True(loaded is not null, string.Join("\n", diagnostics));
        return loaded!;
    }
}
