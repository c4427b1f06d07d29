using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;
using Lifeline.Engine.Monitoring;
using Lifeline.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Lifeline.Engine.Tests.Support;

namespace Lifeline.Engine.Tests.Monitoring;

/// <summary>The monitor's decision rules (window, hysteresis, anti-flapping, standby confirmation) with scripted probes and fake time.</summary>
public sealed class MonitorDecisionTests : IAsyncLifetime
{
    private const string Estate = """
        estate: scripted
        profiles: [test]
        sites:
          primary: { role: primary }
          dr: { role: dr }
        resources:
          api:
            kind: service
            site: primary
            monitor: { probe: http }
            bindings: { test: { provider: scripted, settings: { name: api } } }
          db-a:
            kind: database
            site: primary
            monitor: { probe: postgres }
            bindings: { test: { provider: scripted, settings: { name: db-a } } }
          db-b:
            kind: database
            site: dr
            monitor: { probe: postgres, critical: false }
            bindings: { test: { provider: scripted, settings: { name: db-b } } }
        """;

    private const string ServicePlan = """
        scenario: api-failover
        severity: P2
        trigger: { service-unhealthy: api, for: 3s, decision: auto, cooldown: 1h, clear-after: 2s }
        phases:
          - id: recover
            name: Recover
            budget: 1m
            steps:
              - { id: act, action: noop.run }
        """;

    private const string DatabasePlan = """
        scenario: db-failover
        severity: P1
        trigger: { database-unreachable: db-a, for: 3s, decision: auto }
        phases:
          - id: recover
            name: Recover
            budget: 1m
            steps:
              - { id: act, action: noop.run }
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lifeline-monitor-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly ScriptedProbeProvider _scripted = new();
    private readonly List<MonitorEvent> _events = [];

    private List<MonitorEvent> Events => MonitorEventRecorder.Snapshot(_events);
    private MonitorService? _monitor;

    [Fact]
    public async Task Create_TriggeredPlanChecksAScriptedResource_PreparesItsProviderOnceAtStart()
    {
        // Given a triggered plan whose step checks the standby (a resource of the scripted provider, which prepares ahead)
        const string plan = """
            scenario: db-failover
            severity: P1
            trigger: { database-unreachable: db-a, for: 3s, decision: auto }
            phases:
              - id: recover
                name: Recover
                budget: 1m
                steps:
                  - { id: standby-ready, check: database.status, target: db-b, expect: { reachable: true } }
            """;

        // When the monitor starts, before any probe round
        await StartAsync(plan);

        // Then the provider was prepared, so a failover months later finds it ready
        Assert.Equal(1, _scripted.Prepared);
    }

    [Fact]
    public async Task Tick_OutageShorterThanWindow_DoesNotDecide()
    {
        var monitor = await StartAsync(ServicePlan);
        await HealthyAsync(monitor, 2);

        // Down for two rounds (less than the 3 s window since the last healthy one), then back
        _scripted.Set("api", ("reachable", "false"));
        await TickAsync(monitor, 2);
        _scripted.Set("api", ("reachable", "true"), ("status", "200"));
        await TickAsync(monitor, 3);

        Assert.DoesNotContain(Events, e => e.Kind == MonitorEventKind.Detected);
    }

    [Fact]
    public async Task Tick_SecondOutageAfterFailover_IsBlockedUntilAnOperatorLiftsIt()
    {
        var monitor = await StartAsync(ServicePlan);
        await HealthyAsync(monitor, 2);

        // A first outage for the window fails over
        _scripted.Set("api", ("reachable", "false"));
        await TickAsync(monitor, 4);
        await monitor.WaitForRunsAsync();
        Assert.Single(Events, e => e.Kind == MonitorEventKind.FailoverStarted);
        Assert.Contains(Events, e => e.Kind == MonitorEventKind.FailoverFinished && e.Message.Contains("succeeded", StringComparison.Ordinal));

        // It clears only after being healthy for clear-after (hysteresis)
        _scripted.Set("api", ("reachable", "true"), ("status", "200"));
        await TickAsync(monitor, 1);
        Assert.DoesNotContain(Events, e => e.Kind == MonitorEventKind.Cleared);
        await TickAsync(monitor, 2);
        Assert.Single(Events, e => e.Kind == MonitorEventKind.Cleared);

        // A second outage within the cooldown is detected but blocked, visibly
        _scripted.Set("api", ("reachable", "false"));
        await TickAsync(monitor, 4);
        Assert.Single(Events, e => e.Kind == MonitorEventKind.FailoverStarted);
        var blocked = Assert.Single(Events, e => e.Kind == MonitorEventKind.Blocked);
        Assert.Contains("lifeline monitor unblock api-failover", blocked.Message, StringComparison.Ordinal);

        // When an operator lifts the block, the next outage fails over again
        Assert.Equal(1, await monitor.Store.AcknowledgeBlocksAsync("scripted", "api-failover", "ops", "root cause fixed", _time.GetUtcNow(), CancellationToken.None));
        _scripted.Set("api", ("reachable", "true"), ("status", "200"));
        await TickAsync(monitor, 3);
        _scripted.Set("api", ("reachable", "false"));
        await TickAsync(monitor, 4);
        await monitor.WaitForRunsAsync();
        Assert.Equal(2, Events.Count(e => e.Kind == MonitorEventKind.FailoverStarted));
    }

    [Fact]
    public async Task Tick_MonitorStalledThenOneFailedRound_RecordsTheStallAndDoesNotDecide()
    {
        var monitor = await StartAsync(ServicePlan);
        await HealthyAsync(monitor, 2);

        // When the monitor stalls for 4 s (its next round comes 5 s after the last) and that round sees the API down
        _scripted.Set("api", ("reachable", "false"));
        _time.Advance(TimeSpan.FromSeconds(4));
        await TickAsync(monitor, 1);

        // Then the stall is an event and on record, and one failed round after it decides nothing
        var stalled = Assert.Single(Events, e => e.Kind == MonitorEventKind.Stalled);
        Assert.Equal("monitor stalled 4.0 s (no round from control for 5.0 s, expected every 1s); evidence restarted", stalled.Message);
        var stored = Assert.Single(await monitor.Store.StallsAsync("scripted", 10, CancellationToken.None));
        Assert.Equal(4.0, stored.Seconds);
        Assert.DoesNotContain(Events, e => e.Kind == MonitorEventKind.Detected);

        // And the window counts from that round: two more failed rounds are not enough, a third (3 s) is
        await TickAsync(monitor, 2);
        Assert.DoesNotContain(Events, e => e.Kind == MonitorEventKind.Detected);
        await TickAsync(monitor, 1);
        await monitor.WaitForRunsAsync();
        Assert.Contains(Events, e => e.Kind == MonitorEventKind.Detected);
    }

    [Fact]
    public async Task Tick_StandbyWithDefaultKeepaliveSettings_SaysWhichSettingIsWrongOnce()
    {
        var monitor = await StartAsync(DatabasePlan);

        // When the standby reports PostgreSQL's default wal_receiver_timeout (60 s)
        _scripted.Set("api", ("reachable", "true"), ("status", "200"));
        _scripted.Set("db-a", ("reachable", "true"), ("role", "primary"), ("writable", "true"), ("wal_sender_timeout_ms", "60000"));
        _scripted.Set("db-b", ("reachable", "true"), ("role", "standby"), ("replication_state", "streaming"), ("last_wal_receipt_age_s", "12"),
            ("wal_receiver_timeout_ms", "60000"), ("wal_receiver_status_interval_s", "10"));
        await TickAsync(monitor, 3);

        // Then the monitor names the setting, once, in one line each
        var problems = Events.Where(e => e.Kind == MonitorEventKind.Misconfigured).ToList();
        Assert.Equal(2, problems.Count);
        Assert.StartsWith("db-b: wal_receiver_timeout is 1m, so an idle primary's keepalives", problems[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("db-a: wal_sender_timeout is 1m", problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tick_PrimaryUnreachableButStandbyStillStreaming_DoesNotDecide()
    {
        var monitor = await StartAsync(DatabasePlan);
        await HealthyAsync(monitor, 2);

        // Lifeline loses the primary, but the standby still hears from it
        _scripted.Set("db-a", ("reachable", "false"));
        await TickAsync(monitor, 5);
        Assert.DoesNotContain(Events, e => e.Kind == MonitorEventKind.Detected);

        // Once the standby stops streaming too, for the window, the primary is dead
        _scripted.Set("db-b", ("reachable", "true"), ("role", "standby"), ("writable", "false"), ("replication_state", "disconnected"), ("last_wal_receipt_age_s", ""));
        await TickAsync(monitor, 2);
        Assert.DoesNotContain(Events, e => e.Kind == MonitorEventKind.Detected);
        await TickAsync(monitor, 2);
        Assert.Contains(Events, e => e.Kind == MonitorEventKind.Detected && e.Message.Contains("standbys confirm", StringComparison.Ordinal));
        await monitor.WaitForRunsAsync();
    }

    private async Task<MonitorService> StartAsync(string plan)
    {
        Directory.CreateDirectory(Path.Combine(_directory, "estate", "plans"));
        await File.WriteAllTextAsync(Path.Combine(_directory, "estate", "estate.yaml"), Estate);
        await File.WriteAllTextAsync(Path.Combine(_directory, "estate", "plans", "plan.yaml"), plan);
        var services = new ServiceCollection().AddLifelineProviders().BuildServiceProvider().GetServices<IProvider>();
        var providers = new ProviderRegistry(services.Append(_scripted), []);
        var (sources, _) = EstateSources.Read(Path.Combine(_directory, "estate"));
        var (loaded, diagnostics) = EstateLoader.Load(sources!, new LoadOptions("test", new Dictionary<string, string>(), providers));
        Assert.True(loaded is not null, string.Join("\n", diagnostics));
        var options = new MonitorOptions(loaded!, "test", RunMode.Drill, Path.Combine(_directory, "state.db"));
        var (monitor, errors) = await MonitorService.CreateAsync(options, providers, _ => null, _time, new MonitorEventRecorder(_events), CancellationToken.None);
        Assert.True(monitor is not null, string.Join("\n", errors));
        _monitor = monitor;
        return monitor!;
    }

    private async Task HealthyAsync(MonitorService monitor, int rounds)
    {
        _scripted.Set("api", ("reachable", "true"), ("status", "200"));
        _scripted.Set("db-a", ("reachable", "true"), ("role", "primary"), ("writable", "true"));
        _scripted.Set("db-b", ("reachable", "true"), ("role", "standby"), ("writable", "false"), ("replication_state", "streaming"), ("last_wal_receipt_age_s", "0.1"));
        await TickAsync(monitor, rounds);
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
