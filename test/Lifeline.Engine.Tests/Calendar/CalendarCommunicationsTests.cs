using Lifeline.Core.PlanFiles;
using Lifeline.Engine.Calendar;
using Lifeline.Engine.Calendar.Communications;
using Lifeline.Engine.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Engine.Tests.Calendar;

/// <summary>
/// The calendar's communications test on fake time: sent when due through the estate's channel (a real notify-log file),
/// graded once its window has passed. Recipients acknowledge through the book, as the server's endpoint does (that
/// endpoint, with real SMTP and webhook channels, is tested in Lifeline.Server.Tests).
/// </summary>
public sealed class CalendarCommunicationsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private EngineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await EngineHarness.CreateAsync(_time);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task TickAsync_CommunicationsTestFallsDue_SendsItThenGradesNOfMAcknowledgedWhenItsWindowHasPassed()
    {
        // Given a monthly communications test (half the recipients within 15 minutes) and two escalation contacts, its
        // scheduler and acknowledgement book kept beside a state database
        var log = Path.Combine(_harness.Directory, "comms.log");
        var estate = Load(log);
        var state = Path.Combine(_harness.Directory, "comms-state.db");
        var (scheduler, book) = await StartAsync(state);

        // When it falls due, then each contact's notice, with its own link, goes through the channel and no task opens
        _time.SetUtcNow(Start.AddHours(9));
        await scheduler.TickAsync(estate, null, CancellationToken.None);
        var pending = scheduler.Entries(estate).Single().PendingCommunications!;
        Assert.Null(scheduler.Entries(estate).Single().Task);
        var lines = File.ReadAllLines(log);
        Assert.Equal(2, lines.Length);
        var tokens = lines.Select(l => System.Text.RegularExpressions.Regex.Match(l, "/api/communications/ack/([0-9a-f]+)").Groups[1].Value).ToList();
        Assert.Equal(pending.Recipients.Select(r => r.TokenHash).Order(StringComparer.Ordinal), tokens.Select(AcknowledgementBook.Hash).Order(StringComparer.Ordinal));
        Assert.All(tokens, t => Assert.DoesNotContain(t, File.ReadAllText(CalendarStateFile.Beside(state).Path), StringComparison.Ordinal));

        // When ops acknowledges after 10 minutes, the host restarts (a new scheduler and book on the same files), and the
        // clock reaches 14 and then 15 minutes
        _time.Advance(TimeSpan.FromMinutes(10));
        var opsHash = pending.Recipients.Single(r => r.Contact == "ops").TokenHash;
        var ops = tokens.Single(t => AcknowledgementBook.Hash(t) == opsHash);
        Assert.NotNull(await book.AcknowledgeAsync(ops, _time.GetUtcNow(), CancellationToken.None));
        var (restarted, reopened) = await StartAsync(state);
        Assert.Equal(_time.GetUtcNow(), await reopened.AcknowledgedAtAsync(opsHash, CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(4));
        await restarted.TickAsync(estate, null, CancellationToken.None);
        Assert.Null(restarted.Entries(estate).Single().LastCommunications);
        _time.Advance(TimeSpan.FromMinutes(1));
        await restarted.TickAsync(estate, null, CancellationToken.None);

        // Then it is graded once its window has passed, with the acknowledgement taken before the restart: 1 of 2
        // acknowledged, which reaches the estate's 50%
        var entry = restarted.Entries(estate).Single();
        Assert.Null(entry.PendingCommunications);
        Assert.Equal(("1 of 2 acknowledged", true), (entry.LastCommunications!.Summary, entry.LastCommunications.Passed));
        Assert.Equal((Start.AddHours(9), new DateTimeOffset(2027, 1, 1, 9, 0, 0, TimeSpan.Zero)), (entry.LastDue!.Value, entry.NextDue!.Value));
    }

    private async Task<(CalendarScheduler Scheduler, AcknowledgementBook Book)> StartAsync(string state)
    {
        var book = await AcknowledgementBook.OpenAsync(state, CancellationToken.None);
        var tester = new CommunicationsTester(new CommunicationsTest(_harness.Providers, book, _time), "test", _ => null, () => new Uri("http://127.0.0.1:8080"));
        var scheduler = new CalendarScheduler(new RecordedDrillLauncher(_ => throw new InvalidOperationException("not a drill")), _time, CalendarStateFile.Beside(state), tester);
        return (scheduler, book);
    }

    private LoadedEstate Load(string log)
    {
        var directory = Path.Combine(_harness.Directory, "estate-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(directory, "plans"));
        File.WriteAllText(Path.Combine(directory, "estate.yaml"), $$"""
            estate: test
            profiles: [test]
            sites:
              here: { role: primary }
            contacts:
              ops: { name: Ops, role: On-call, email: ops@example.test }
              cto: { name: CTO, role: CTO, email: cto@example.test }
            escalation:
              - { level: 1, contacts: [ops], after: 0m }
              - { level: 2, contacts: [cto], after: 15m }
            resources:
              alerts:
                kind: notification-channel
                site: here
                bindings:
                  test: { provider: notify-log, settings: { file: "{{log}}" } }
            calendar:
              comms: { cadence: "0 9 1 * *", owner: ops, task: Test the channels, acknowledge-within: 15m, min-acknowledged: 50 }
            """);
        var (sources, problems) = EstateSources.Read(directory);
        Assert.True(sources is not null, string.Join("\n", problems));
        var (loaded, diagnostics) = EstateLoader.Load(sources!, new LoadOptions("test", new Dictionary<string, string>(), _harness.Providers));
        Assert.True(loaded is not null, string.Join("\n", diagnostics));
        return loaded!;
    }
}
