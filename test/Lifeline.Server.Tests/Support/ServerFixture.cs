using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Server.Hosting;
using Lifeline.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Server.Tests.Support;

/// <summary>
/// A real server on Kestrel at 127.0.0.1 on a free port, over a fresh state database, serving a small test estate, with
/// one user per role (and a second approver) holding an API token. Its environment holds one secret,
/// <see cref="SecretVariable"/>, so tests can look for <see cref="SecretValue"/> where it must never appear.
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    public const string Password = "correct horse battery staple";

    private const string Estate = """
        estate: test
        description: A test estate
        profiles: [test]
        sites:
          here: { role: primary }
        contacts:
          cto: { name: CTO, role: CTO }
          ops: { name: Ops, role: On-call }
        resources:
          portal:
            kind: dns-record
            site: here
            description: portal.test
            bindings:
              test: { provider: noop }
        """;

    public const string GatedPlan = """
        scenario: gated
        severity: P1
        phases:
          - id: decide
            name: Decide
            budget: 1h
            steps:
              - { id: look, action: noop.run }
              - id: gate
                needs: [look]
                approval: { prompt: Fail over?, approvers: [], count: 1, timeout: 15m, on-timeout: reject }
              - { id: act, action: noop.run, needs: [gate] }
        """;

    /// <summary>A plan whose steps echo an input and a secret-holding environment variable through a real program.</summary>
    public const string EchoPlan = """
        scenario: echo
        severity: P3
        inputs:
          baseline: { default: none, description: What to echo }
          pause: { default: 1s, description: How long to wait }
        phases:
          - id: one
            name: One
            budget: 1h
            steps:
              - { id: say, shell: { argv: [echo, "${{ inputs.baseline }}"] } }
              - { id: peek, shell: { argv: [echo, "${{ env.LIFELINE_SECRET_SERVER_TEST }}"] }, needs: [say] }
              - { id: hold, wait: "${{ inputs.pause }}", needs: [peek] }
        """;

    public const string SecretVariable = "LIFELINE_SECRET_SERVER_TEST";

    private WebApplication? _app;

    /// <summary>The secret in the server's environment: unique per fixture, so finding it anywhere is a leak.</summary>
    public string SecretValue { get; } = "hunter2-" + Guid.NewGuid().ToString("N");

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "lifeline-server-" + Guid.NewGuid().ToString("N")[..8]);

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>API tokens by user name: viewer, responder, approver, approver2, admin.</summary>
    public Dictionary<string, string> Tokens { get; } = new(StringComparer.Ordinal);

    public IServiceProvider Services => _app!.Services;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task InitializeAsync()
    {
        var estate = Path.Combine(Directory, "estate");
        System.IO.Directory.CreateDirectory(Path.Combine(estate, "plans"));
        await File.WriteAllTextAsync(Path.Combine(estate, "estate.yaml"), Estate);
        await File.WriteAllTextAsync(Path.Combine(estate, "plans", "gated.yaml"), GatedPlan);
        await File.WriteAllTextAsync(Path.Combine(estate, "plans", "echo.yaml"), EchoPlan);
        await WriteEstateAsync(estate);
        var options = Configure(new ServerOptions
        {
            StatePath = Path.Combine(Directory, "state.db"),
            Estates = [estate],
            Urls = "http://127.0.0.1:0",
            SecureCookies = false,
            LoginAttemptsPerMinute = 5,
            DecisionPollInterval = TimeSpan.FromMilliseconds(50),
            Environment = name => name == SecretVariable ? SecretValue : System.Environment.GetEnvironmentVariable(name),
        });
        _app = await ServerApp.CreateAsync(options, TimeProvider.System, AddHostServices, CancellationToken.None);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var users = _app.Services.GetRequiredService<UserStore>();
        foreach (var (name, role, contact) in new[] { ("viewer", Role.Viewer, (string?)null), ("responder", Role.Responder, null), ("approver", Role.Approver, "cto"), ("approver2", Role.Approver, "ops"), ("admin", Role.Admin, null) })
        {
            await users.AddUserAsync(name, Password, role, contact, CancellationToken.None);
            var (token, _) = await users.CreateTokenAsync(name, "tests", CancellationToken.None);
            Tokens[name] = token!.Token;
        }
    }

    /// <summary>Every file of the state database (with its write-ahead log): what "any record" means.</summary>
    public IEnumerable<string> StateFiles => System.IO.Directory.EnumerateFiles(Directory, "state.db*");

    /// <summary>A client authenticated by <paramref name="user"/>'s API token, or anonymous when null.</summary>
    public HttpClient Client(string? user)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens[user]);
        }

        return client;
    }

    /// <summary>Starts the gated plan as a live run by <paramref name="user"/>; returns the run id once it waits at the gate.</summary>
    public async Task<string> StartGatedRunAsync(string user = "responder")
    {
        using var client = Client(user);
        var response = await client.PostAsJsonAsync("/api/runs", new { estate = "test", scenario = "gated", mode = "live", profile = "test", confirm = "gated" });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var runId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run_id").GetString()!;
        for (var i = 0; i < 200; i++)
        {
            var report = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
            if (report.GetProperty("steps").EnumerateArray().Any(s => s.GetProperty("id").GetString() == "gate" && s.GetProperty("status").GetString() is "running" or "waiting"))
            {
                return runId;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"run {runId} never reached its gate");
    }

    /// <summary>Where a fixture for one concern changes the test estate (e.g. adds a channel or a plan); the default keeps it.</summary>
    protected virtual Task WriteEstateAsync(string estateDirectory) => Task.CompletedTask;

    /// <summary>What the host adds to the server's container (e.g. a drill environment, as lifeline serve does); the default adds nothing, as lifeline-server.</summary>
    protected virtual void AddHostServices(IServiceCollection services)
    {
    }

    /// <summary>Options a fixture for one concern changes (e.g. login limits); the default keeps them.</summary>
    protected virtual ServerOptions Configure(ServerOptions options) => options;

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
