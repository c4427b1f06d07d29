using System.Collections.Concurrent;
using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;
using Lifeline.Engine.Monitoring;
using Lifeline.Engine.Monitoring.Remote;
using Lifeline.Providers;
using Lifeline.Sandbox.Environment;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lifeline.Sandbox.Tests.Detection;

/// <summary>
/// A real database-only sandbox (PostgreSQL primary and standby, PowerDNS, no portals) watched by a real monitor with
/// the <c>database-failover</c> plan. Everything it starts, it stops.
/// </summary>
internal sealed class MonitoredSandbox : IAsyncDisposable
{
    private static readonly Lazy<ProviderRegistry> Registry = new(() => new ServiceCollection().AddLifelineProviders().BuildServiceProvider().GetRequiredService<ProviderRegistry>());
    private readonly CancellationTokenSource _stop = new();
    private Task _watching = Task.CompletedTask;
    private ObservationReceiver? _receiver;
    private Task _receiving = Task.CompletedTask;

    private MonitoredSandbox(string directory, SandboxState state, MonitorService monitor, LoadedEstate estate, string statePath)
    {
        Directory = directory;
        State = state;
        Monitor = monitor;
        Estate = estate;
        StatePath = statePath;
        Variables = SandboxEnvironment.Variables(state);
    }

    public static ProviderRegistry Providers => Registry.Value;

    public static string EstateDirectory => Path.Combine(AppContext.BaseDirectory, "Detection", "DatabaseEstate");

    public string Directory { get; }

    public SandboxState State { get; }

    public SandboxManager Manager { get; } = new(TimeProvider.System);

    public MonitorService Monitor { get; }

    public LoadedEstate Estate { get; }

    public string StatePath { get; }

    public IReadOnlyDictionary<string, string> Variables { get; }

    public ConcurrentQueue<MonitorEvent> Events => Observer.Events;

    public System.Net.IPEndPoint? AgentEndpoint { get; private set; }

    public AgentCredentialStore? AgentCredentials { get; private set; }

    private RecordingObserver Observer { get; init; } = new();

    public static async Task<MonitoredSandbox> StartAsync(
        bool sync, TimeSpan interval, TimeSpan window, bool listen = false, string? estateDirectory = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"lifeline-test-{Guid.NewGuid():N}"[..28]);
        var manager = new SandboxManager(TimeProvider.System);
        var up = await manager.UpAsync(new SandboxOptions(directory, Topologies.DatabasePair, sync, Instances: 0), new Progress<string>(), CancellationToken.None);
        if (!up.Succeeded)
        {
            throw new InvalidOperationException($"sandbox up failed: {up.Error}");
        }

        var variables = SandboxEnvironment.Variables(up.Value!);
        var inputs = new Dictionary<string, string> { [MonitorOptions.CriteriaWindowInput] = Core.Time.DurationText.Format(window) };
        var (sources, _) = EstateSources.Read(estateDirectory ?? EstateDirectory);
        var (loaded, diagnostics) = EstateLoader.Load(sources!, new LoadOptions("sandbox", inputs, Providers));
        if (loaded is null)
        {
            await manager.DownAsync(directory, CancellationToken.None);
            throw new InvalidOperationException(string.Join("\n", diagnostics));
        }

        var statePath = Path.Combine(directory, "state.db");
        var recording = new RecordingObserver();
        var options = new MonitorOptions(loaded, "sandbox", RunMode.Drill, statePath) { Interval = interval, RunInputs = inputs };
        var (monitor, errors) = await MonitorService.CreateAsync(options, Providers, Environment(variables), TimeProvider.System, recording, CancellationToken.None);
        if (monitor is null)
        {
            await manager.DownAsync(directory, CancellationToken.None);
            throw new InvalidOperationException(string.Join("\n", errors));
        }

        var sandbox = new MonitoredSandbox(directory, up.Value!, monitor, loaded, statePath) { Observer = recording };
        if (listen)
        {
            sandbox.AgentEndpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, Servers.FreePort.Tcp());
            // Agents present credentials as in production: each test agent is issued one with AgentCredentials.AddAsync.
            sandbox.AgentCredentials = await AgentCredentialStore.OpenAsync(statePath, TimeProvider.System, CancellationToken.None);
            sandbox._receiver = new ObservationReceiver(monitor, sandbox.AgentEndpoint, sandbox.AgentCredentials, TimeProvider.System);
            sandbox._receiver.Start();
            sandbox._receiving = sandbox._receiver.RunAsync(sandbox._stop.Token);
        }

        sandbox._watching = monitor.RunAsync(sandbox._stop.Token);
        return sandbox;
    }

    public static Func<string, string?> Environment(IReadOnlyDictionary<string, string> variables) =>
        name => variables.TryGetValue(name, out var value) ? value : System.Environment.GetEnvironmentVariable(name);

    public string ConnectionString(string portVariable) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = int.Parse(Variables[portVariable], System.Globalization.CultureInfo.InvariantCulture),
        Database = Variables["LIFELINE_SANDBOX_PG_DATABASE"],
        Username = Variables["LIFELINE_SANDBOX_PG_USER"],
        Password = Variables["LIFELINE_SECRET_SANDBOX_PG_PASSWORD"],
        Timeout = 2,
        CommandTimeout = 5,
        Pooling = false,
    }.ConnectionString;

    public string PrimaryConnection => ConnectionString("LIFELINE_SANDBOX_PG_PRIMARY_PORT");

    public string StandbyConnection => ConnectionString("LIFELINE_SANDBOX_PG_STANDBY_PORT");

    public async Task FaultAsync(string fault)
    {
        var result = await Manager.FaultAsync(Directory, fault, CancellationToken.None);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"fault {fault} failed: {result.Error}");
        }
    }

    /// <summary>Waits for the first event of a kind; null when none came within the limit.</summary>
    public async Task<MonitorEvent?> WaitForAsync(MonitorEventKind kind, TimeSpan limit, Func<MonitorEvent, bool>? match = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + limit;
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            if (Events.FirstOrDefault(e => e.Kind == kind && (match is null || match(e))) is { } found)
            {
                return found;
            }

            await Task.Delay(20);
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        await _receiving;
        _receiver?.Dispose();
        await Monitor.DisposeAsync();
        await Manager.DownAsync(Directory, CancellationToken.None);
        _stop.Dispose();
    }

    private sealed class RecordingObserver : IMonitorObserver
    {
        public ConcurrentQueue<MonitorEvent> Events { get; } = new();

        public void OnEvent(MonitorEvent monitorEvent) => Events.Enqueue(monitorEvent);
    }
}
