using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;
using Lifeline.Engine.Monitoring;
using Lifeline.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Lifeline.Engine.Tests.Support;

namespace Lifeline.Engine.Tests.Fencing;

/// <summary>The watchdog after a run that failed after its promotion, on fake time with scripted database members.</summary>
public sealed class NewestEpochWinsTests : IAsyncLifetime
{
    private const string Estate = """
        estate: scripted
        profiles: [test]
        sites:
          primary: { role: primary }
          dr: { role: dr }
        resources:
          db-a:
            kind: database
            site: primary
            monitor: { probe: postgres }
            bindings: { test: { provider: scripted-db, settings: { name: db-a } } }
          db-b:
            kind: database
            site: dr
            monitor: { probe: postgres, critical: false }
            bindings: { test: { provider: scripted-db, settings: { name: db-b } } }
        """;

    private const string Plan = """
        scenario: db-failover
        severity: P1
        trigger: { database-unreachable: db-a, for: 3s, decision: auto }
        phases:
          - id: recover
            name: Recover
            budget: 1m
            steps:
              - { id: promote, action: database.promote, target: db-b }
              - { id: verify-data, action: database.baseline-verify, target: db-b, needs: [promote], with: { baseline: "{}" } }
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lifeline-epoch-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly ScriptedDatabaseProvider _db = new();
    private readonly List<MonitorEvent> _events = [];

    private List<MonitorEvent> Events => MonitorEventRecorder.Snapshot(_events);
    private MonitorService? _monitor;

    [Fact]
    public async Task Watchdog_RunFailedAfterPromotion_KeepsThePromotedPrimaryFencesTheOldOneAndRaisesAHalfFinishedP1()
    {
        // Given an automatic failover whose run promotes db-b and then fails at a later step
        var monitor = await StartAsync();
        Healthy();
        await TickAsync(monitor, 2);
        _db.Set("db-a", ("reachable", "false"));
        _db.Set("db-b", ("reachable", "true"), ("role", "standby"), ("writable", "false"), ("replication_state", "disconnected"), ("last_wal_receipt_age_s", ""));
        await TickAsync(monitor, 5);
        await monitor.WaitForRunsAsync();

        // Then a P1 says the failover is half-finished, with the next action
        var half = Assert.Single(Events, e => e.Kind == MonitorEventKind.HalfFinished);
        Assert.Contains("promoted db-b", half.Message, StringComparison.Ordinal);
        Assert.Contains("failed at verify-data", half.Message, StringComparison.Ordinal);
        Assert.Contains("next: retry", half.Message, StringComparison.Ordinal);
        var incidents = await monitor.Incidents.ListAsync(CancellationToken.None);
        var p1 = Assert.Single(incidents, i => i.Title.StartsWith("Half-finished failover", StringComparison.Ordinal));
        Assert.Equal("P1", p1.Severity);
        Assert.Equal(half.RunId, Assert.Single(p1.Runs));

        // When the old primary comes back writable beside the promoted one
        _db.Set("db-b", ("reachable", "true"), ("role", "primary"), ("writable", "true"));
        _db.Set("db-a", ("reachable", "true"), ("role", "primary"), ("writable", "true"));
        await TickAsync(monitor, 2);

        // Then the watchdog fences the old primary with a fence that holds, never the promoted one, and says why
        var fences = _db.Calls.Where(c => c.Operation == "database.fence").ToList();
        Assert.Equal([("database.fence", "db-a", "demote")], fences);
        var splitBrain = Assert.Single(Events, e => e.Kind == MonitorEventKind.SplitBrain);
        Assert.Equal("db-a", splitBrain.Resource);
        Assert.Contains("beside primary db-b", splitBrain.Message, StringComparison.Ordinal);
        Assert.Contains("half-finished", splitBrain.Message, StringComparison.Ordinal);
        Assert.Contains(Events, e => e.Kind == MonitorEventKind.Fenced && e.Message.StartsWith("db-a fenced (demote", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watchdog_NoPromotionYet_FencesTheMemberAwayFromThePrimarySite()
    {
        // Given no run has promoted anything, and the standby at the DR site turns writable on its own
        var monitor = await StartAsync();
        Healthy();
        await TickAsync(monitor, 2);
        _db.Set("db-b", ("reachable", "true"), ("role", "primary"), ("writable", "true"));
        await TickAsync(monitor, 1);

        // Then the primary site's member stays, and the other is fenced
        Assert.Equal([("database.fence", "db-b", "demote")], _db.Calls.Where(c => c.Operation == "database.fence").ToList());
    }

    private void Healthy()
    {
        _db.Set("db-a", ("reachable", "true"), ("role", "primary"), ("writable", "true"));
        _db.Set("db-b", ("reachable", "true"), ("role", "standby"), ("writable", "false"), ("replication_state", "streaming"), ("last_wal_receipt_age_s", "0.1"));
    }

    private async Task<MonitorService> StartAsync()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "estate", "plans"));
        await File.WriteAllTextAsync(Path.Combine(_directory, "estate", "estate.yaml"), Estate);
        await File.WriteAllTextAsync(Path.Combine(_directory, "estate", "plans", "plan.yaml"), Plan);
        var services = new ServiceCollection().AddLifelineProviders().BuildServiceProvider().GetServices<IProvider>();
        var providers = new ProviderRegistry(services.Append(_db), []);
        var (sources, _) = EstateSources.Read(Path.Combine(_directory, "estate"));
        var (loaded, diagnostics) = EstateLoader.Load(sources!, new LoadOptions("test", new Dictionary<string, string>(), providers));
        Assert.True(loaded is not null, string.Join("\n", diagnostics));
        var options = new MonitorOptions(loaded!, "test", RunMode.Drill, Path.Combine(_directory, "state.db"));
        var (monitor, errors) = await MonitorService.CreateAsync(options, providers, _ => null, _time, new MonitorEventRecorder(_events), CancellationToken.None);
        Assert.True(monitor is not null, string.Join("\n", errors));
        _monitor = monitor;
        return monitor!;
    }

    private async Task TickAsync(MonitorService monitor, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await monitor.TickAsync(CancellationToken.None);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_monitor is not null)
        {
            await _monitor.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
