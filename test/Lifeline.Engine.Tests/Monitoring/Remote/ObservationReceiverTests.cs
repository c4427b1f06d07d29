using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;
using Lifeline.Engine.Monitoring;
using Lifeline.Engine.Monitoring.Remote;
using Lifeline.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Engine.Tests.Monitoring.Remote;

/// <summary>
/// The agent listener on a real loopback port: who may report (credentials bound to vantage names), what a report must
/// be, and that a bad report never stops the listener. The monitor's probes are the scripted stand-in (no real server is
/// needed: only reports arrive here).
/// </summary>
public sealed class ObservationReceiverTests : IAsyncLifetime
{
    private const string Estate = """
        estate: scripted
        profiles: [test]
        sites:
          primary: { role: primary }
        resources:
          api:
            kind: service
            site: primary
            monitor: { probe: http }
            bindings: { test: { provider: scripted, settings: { name: api } } }
        """;

    private const string Plan = """
        scenario: api-failover
        severity: P2
        trigger: { service-unhealthy: api, for: 3s, decision: notify }
        phases:
          - id: recover
            name: Recover
            budget: 1m
            steps:
              - { id: act, action: noop.run }
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lifeline-receiver-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private MonitorService _monitor = null!;
    private AgentCredentialStore _credentials = null!;
    private ObservationReceiver? _receiver;
    private Task _receiving = Task.CompletedTask;
    private Uri _url = null!;

    [Fact]
    public async Task Post_WithoutCredential_Is401()
    {
        // Given a listener that requires credentials
        await StartAsync(insecure: false);

        // When an anonymous agent reports, then it is refused and nothing is recorded
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(Report("agent-a"), token: null));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(Report("agent-a"), token: "lla_not-a-real-credential"));
        Assert.Null(_monitor.Window.Latest("api", "agent-a"));
    }

    [Fact]
    public async Task Post_UnderAnotherAgentsVantageName_Is403()
    {
        // Given two agents with their own credentials
        await StartAsync(insecure: false);
        var (tokenA, _) = await _credentials.AddAsync("agent-a", CancellationToken.None);
        await _credentials.AddAsync("agent-b", CancellationToken.None);

        // When agent-a reports as agent-b, then it is forbidden; as itself, it is accepted
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(Report("agent-b", healthy: false), tokenA));
        Assert.Null(_monitor.Window.Latest("api", "agent-b"));
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(Report("agent-a"), tokenA));
        Assert.True(_monitor.Window.Latest("api", "agent-a")!.Healthy);
    }

    [Fact]
    public async Task Post_RemovedCredential_Is401()
    {
        // Given an agent whose credential was removed after it was issued
        await StartAsync(insecure: false);
        var (token, _) = await _credentials.AddAsync("agent-a", CancellationToken.None);
        Assert.True(await _credentials.RemoveAsync("agent-a", CancellationToken.None));

        // When it reports, then it is refused
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(Report("agent-a"), token));
    }

    [Theory]
    [InlineData("{\"vantage\": \"agent-a\"}")]
    [InlineData("{\"vantage\": \"agent-a\", \"observations\": null}")]
    [InlineData("{\"vantage\": \"agent-a\", \"observations\": []}")]
    [InlineData("{\"vantage\": \"agent-a\", \"observations\": [null]}")]
    [InlineData("{\"vantage\": \"agent-a\", \"observations\": [{\"healthy\": false}]}")]
    [InlineData("{\"vantage\": \"agent-a\", \"observations\": [{\"resource\": \"db-unknown\", \"healthy\": false}]}")]
    [InlineData("{\"vantage\": \"agent-a\", \"observations\": [{\"resource\": \"api\", \"healthy\": \"maybe\"}]}")]
    [InlineData("{\"vantage\": \"agent-a\", \"observations\": [{\"resource\": \"api\", \"healthy\": false}, {\"resource\": \"api\", \"healthy\": false}]}")]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("null")]
    public async Task Post_MalformedReport_Is400AndTheNextValidOneIsAccepted(string body)
    {
        // Given an agent with a credential
        await StartAsync(insecure: false);
        var (token, _) = await _credentials.AddAsync("agent-a", CancellationToken.None);

        // When it sends a malformed report, then it gets 400 and nothing is recorded
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(body, token));
        Assert.Null(_monitor.Window.Latest("api", "agent-a"));

        // And the listener is still there: the next valid report is accepted
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(Report("agent-a", healthy: false), token));
        Assert.False(_monitor.Window.Latest("api", "agent-a")!.Healthy);
    }

    [Fact]
    public async Task Post_BodyLargerThanTheLimit_Is413()
    {
        // Given an agent with a credential
        await StartAsync(insecure: false);
        var (token, _) = await _credentials.AddAsync("agent-a", CancellationToken.None);

        // When it sends a report larger than the limit, then it is refused, and the listener carries on
        var detail = new string('x', ObservationReceiver.MaximumBodyBytes);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await PostAsync(Report("agent-a", detail: detail), token));
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(Report("agent-a"), token));
    }

    [Fact]
    public async Task Post_FasterThanTheRateLimit_Is429()
    {
        // Given an agent with a credential, and a clock that stands still
        await StartAsync(insecure: false);
        var (token, _) = await _credentials.AddAsync("agent-a", CancellationToken.None);

        // When it sends a burst of reports, then those past the burst allowance are refused
        for (var i = 0; i < AgentRateLimiter.Burst; i++)
        {
            Assert.Equal(HttpStatusCode.NoContent, await PostAsync(Report("agent-a"), token));
        }

        Assert.Equal((HttpStatusCode)429, await PostAsync(Report("agent-a"), token));

        // And once time passes, it may report again
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(Report("agent-a"), token));
    }

    [Fact]
    public async Task Post_InsecureListenerAnonymousReport_IsAccepted()
    {
        // Given a listener started with --insecure-agents (no credential store)
        await StartAsync(insecure: true);

        // When an anonymous agent reports, then it is accepted
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(Report("agent-a"), token: null));
        Assert.NotNull(_monitor.Window.Latest("api", "agent-a"));
    }

    private static string Report(string vantage, bool healthy = true, string detail = "ok") =>
        $$"""{"vantage": "{{vantage}}", "observations": [{"resource": "api", "healthy": {{(healthy ? "true" : "false")}}, "fields": {"reachable": "{{(healthy ? "true" : "false")}}"}, "detail": "{{detail}}"}]}""";

    private async Task<HttpStatusCode> PostAsync(string body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_url, "observations")) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task StartAsync(bool insecure)
    {
        Directory.CreateDirectory(Path.Combine(_directory, "estate", "plans"));
        await File.WriteAllTextAsync(Path.Combine(_directory, "estate", "estate.yaml"), Estate);
        await File.WriteAllTextAsync(Path.Combine(_directory, "estate", "plans", "plan.yaml"), Plan);
        var services = new ServiceCollection().AddLifelineProviders().BuildServiceProvider().GetServices<IProvider>();
        var providers = new ProviderRegistry(services.Append(new ScriptedProbeProvider()), []);
        var (sources, _) = EstateSources.Read(Path.Combine(_directory, "estate"));
        var (loaded, diagnostics) = EstateLoader.Load(sources!, new LoadOptions("test", new Dictionary<string, string>(), providers));
        Assert.True(loaded is not null, string.Join("\n", diagnostics));
        var statePath = Path.Combine(_directory, "state.db");
        var options = new MonitorOptions(loaded!, "test", RunMode.Drill, statePath);
        var (monitor, errors) = await MonitorService.CreateAsync(options, providers, _ => null, _time, new Silent(), CancellationToken.None);
        Assert.True(monitor is not null, string.Join("\n", errors));
        _monitor = monitor!;
        _credentials = await AgentCredentialStore.OpenAsync(statePath, _time, CancellationToken.None);
        var endpoint = new IPEndPoint(IPAddress.Loopback, FreePort());
        _receiver = new ObservationReceiver(_monitor, endpoint, insecure ? null : _credentials, _time);
        _receiver.Start();
        _receiving = _receiver.RunAsync(_stop.Token);
        _url = new Uri($"http://{endpoint}/");
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _receiving;
        _receiver?.Dispose();
        if (_monitor is not null)
        {
            await _monitor.DisposeAsync();
        }

        _http.Dispose();
        _stop.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private sealed class Silent : IMonitorObserver
    {
        public void OnEvent(MonitorEvent monitorEvent)
        {
        }
    }
}
