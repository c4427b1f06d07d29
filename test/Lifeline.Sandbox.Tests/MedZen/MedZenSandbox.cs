using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DnsClient;
using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Checkpoints;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Scheduling;
using Lifeline.Providers.PowerDns;
using Lifeline.Providers.ProcessService;
using Lifeline.Sandbox.Environment;
using Lifeline.Sandbox.Tests.Detection;
using Npgsql;

namespace Lifeline.Sandbox.Tests.MedZen;

/// <summary>
/// A MedZen-shaped sandbox, up: three regions of real processes on loopback. Runs an estate's plans as drills against
/// it and talks to its services as a client would (through PowerDNS). <see cref="DisposeAsync"/> brings it down and
/// checks that no process it started is left.
/// </summary>
internal sealed class MedZenSandbox : IAsyncDisposable
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, ConnectTimeout = TimeSpan.FromSeconds(5) })
    {
        Timeout = TimeSpan.FromSeconds(15),
    };

    private readonly SandboxManager _manager = new(TimeProvider.System);

    private MedZenSandbox(string estate, string directory, SandboxState state)
    {
        EstateDirectory = estate;
        Directory = directory;
        State = state;
    }

    public string EstateDirectory { get; }

    public string Directory { get; }

    public SandboxState State { get; }

    public SandboxSettings Settings => State.Settings;

    public static async Task<MedZenSandbox> UpAsync(string estate)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"lifeline-medzen-{Guid.NewGuid():N}");
        var manager = new SandboxManager(TimeProvider.System);
        var up = await manager.UpAsync(new SandboxOptions(directory, Topologies.Load(estate)), new Progress<string>(), CancellationToken.None);
        if (!up.Succeeded)
        {
            await manager.DownAsync(directory, CancellationToken.None);
            throw new InvalidOperationException(up.Error);
        }

        return new MedZenSandbox(estate, directory, up.Value!);
    }

    public async Task FaultAsync(string fault, string target)
    {
        var result = await _manager.FaultAsync(Directory, fault, target, CancellationToken.None);
        Assert.True(result.Succeeded, result.Error);
    }

    /// <summary>
    /// Runs one of the estate's plans as a drill, approvals given, and returns its outcome. The estate is read with that
    /// plan only (as <c>lifeline validate DIR/plans/NAME.yaml</c> reads it), so a sibling plan never fails this one, and
    /// with the run's inputs, as <c>lifeline run --input</c> reads it: the loader substitutes <c>${{ inputs.X }}</c>, so
    /// inputs given only to the run would be recorded but never reach a step.
    /// </summary>
    public async Task<RunOutcome> DrillAsync(string scenario, IReadOnlyDictionary<string, string>? inputs = null, IRunObserver? observer = null)
    {
        inputs ??= new Dictionary<string, string>();
        var (all, _) = EstateSources.Read(EstateDirectory);
        var sources = PlanScope.Narrow(all!, Path.Combine(EstateDirectory, "plans", $"{scenario}.yaml"));
        var (loaded, diagnostics) = EstateLoader.Load(sources!, new LoadOptions("sandbox", inputs, MonitoredSandbox.Providers));
        Assert.True(loaded is not null, string.Join("\n", diagnostics));
        var statePath = Path.Combine(Directory, "lifeline.db");
        await using var store = await SqliteRunStore.OpenAsync(statePath, CancellationToken.None);
        await using var audit = await SqliteAuditTrail.OpenAsync(statePath, TimeProvider.System, CancellationToken.None);
        var settings = Settings;
        var runs = new RunService(MonitoredSandbox.Providers, store, TimeProvider.System, name => settings.TryGetValue(name, out var value) ? value : null, audit);
        return await runs.StartAsync(
            new StartRunRequest(loaded, scenario, RunMode.Drill, "sandbox", inputs, RunBehaviour.Default with { AutoApprove = true }, "test"),
            observer ?? NullRunObserver.Instance,
            CancellationToken.None);
    }

    /// <summary>Why a run did not succeed, for an assertion's message: its reason and each step that did not succeed.</summary>
    public static string Describe(RunOutcome outcome) =>
        outcome.Error ?? $"{outcome.Report?.Status}: {outcome.Report?.Reason}\n" + string.Join("\n",
            outcome.Report?.Steps.Where(s => s.Status is not ("succeeded" or "skipped")).Select(s => $"{s.Id} {s.Status}: {s.Error}") ?? []);

    /// <summary>The addresses a name in the sandbox's zone answers with, asked of its PowerDNS.</summary>
    public async Task<IReadOnlyList<string>> ResolveAsync(string dns, string name)
    {
        var answer = await AuthoritativeQuery.AskAsync(IPEndPoint.Parse(Settings[SandboxSettings.Key(dns, "dns")]), $"{name}.{Settings[SandboxSettings.Key(dns, "zone")]}", QueryType.A, CancellationToken.None);
        return answer.Values;
    }

    /// <summary>
    /// After a failover to eu-west-1: ehr resolves to the DR service's four instances, each serving /ehrbase/rest/status
    /// over the writable database, and a write through ehr succeeds.
    /// </summary>
    public async Task AssertEhrServedFromEuWest1Async(int port)
    {
        var addresses = await ResolveAsync("pdns", "ehr");
        Assert.Equal(["127.0.2.10", "127.0.2.11", "127.0.2.12", "127.0.2.13"], addresses.Order(StringComparer.Ordinal));
        foreach (var address in addresses)
        {
            var (status, body) = await CallAsync(new Uri($"http://{address}:{port}"), HttpMethod.Get, "/ehrbase/rest/status");
            Assert.Equal(200, status);
            Assert.True(body.GetProperty("writable").GetBoolean());
        }

        Assert.Equal(201, (await CallAsync("pdns", "ehr", port, HttpMethod.Post, "/patients", new { name = "after" })).Status);
    }

    /// <summary>A request to a service through its DNS name, as the app's clients make it: status and JSON body.</summary>
    public async Task<(int Status, JsonElement Body)> CallAsync(string dns, string name, int port, HttpMethod method, string path, object? body = null)
    {
        var addresses = await ResolveAsync(dns, name);
        Assert.NotEmpty(addresses);
        return await CallAsync(new Uri($"http://{addresses[0]}:{port}"), method, path, body);
    }

    public static async Task<(int Status, JsonElement Body)> CallAsync(Uri service, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(service, path)) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>A connection to one of the EHR databases (primary or replica, as the sandbox set them up), not pooled.</summary>
    public NpgsqlConnection EhrDatabase(string member, int timeoutSeconds = 15) => new(
        $"Host=127.0.0.1;Port={Settings[$"LIFELINE_SANDBOX_EHRDB_{member.ToUpperInvariant()}_PORT"]};Database=ehrbase;Username={Settings["LIFELINE_SANDBOX_EHRDB_USER"]};"
        + $"Password={Settings["LIFELINE_SECRET_SANDBOX_EHRDB_PASSWORD"]};Pooling=false;Timeout={timeoutSeconds}");

    /// <summary>Whether that EHR database is in recovery, and how many of the named patients it holds.</summary>
    public async Task<(bool InRecovery, long Patients)> EhrDatabasePatientsAsync(string member, params string[] names)
    {
        await using var connection = EhrDatabase(member);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select pg_is_in_recovery(), (select count(*) from patients where name = any($1))", connection) { Parameters = { new() { Value = names } } };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetBoolean(0), reader.GetInt64(1));
    }

    /// <summary>Whether a new client can write on that EHR database: false when it refuses connections or is in recovery.</summary>
    public async Task<bool> EhrDatabaseWritableAsync(string member)
    {
        await using var connection = EhrDatabase(member, timeoutSeconds: 5);
        try
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select not pg_is_in_recovery() and current_setting('default_transaction_read_only') = 'off'", connection);
            return (bool)(await command.ExecuteScalarAsync())!;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        var pids = State.Components.Select(c => c.Pid).ToList();
        foreach (var service in State.Services)
        {
            pids.AddRange((await ProcessServiceController.ReadStateAsync(Directory, service, CancellationToken.None)).Instances.Select(i => i.Pid));
        }

        var down = await _manager.DownAsync(Directory, CancellationToken.None);
        Assert.True(down.Succeeded, down.Error);
        Assert.All(pids, pid => Assert.False(DetachedProcess.IsAlive(pid), $"pid {pid} still runs after down"));
    }
}
