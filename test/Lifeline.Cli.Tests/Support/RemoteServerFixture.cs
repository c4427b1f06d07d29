using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Server.Hosting;
using Lifeline.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Cli.Tests.Support;

/// <summary>
/// A real <c>lifeline serve</c> (the same <see cref="ServerApp"/>) on 127.0.0.1 at a free port over a fresh state file,
/// serving a one-gate estate, with a responder, two approvers and a viewer holding API tokens; the CLI binary talks to it.
/// </summary>
public sealed class RemoteServerFixture : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";

    private const string Estate = """
        estate: remote
        description: An estate served to the remote CLI tests
        profiles: [test]
        sites:
          here: { role: primary }
        resources:
          portal:
            kind: dns-record
            site: here
            description: portal.test
            bindings:
              test: { provider: noop }
        """;

    private const string GatedPlan = """
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

    private WebApplication? _app;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "lifeline-remote-cli-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>The server's address without a trailing slash, as a user would type it.</summary>
    public string Url { get; private set; } = "";

    /// <summary>API tokens by user: viewer, responder, approver, approver2.</summary>
    public Dictionary<string, string> Tokens { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        var estate = Path.Combine(Directory, "estate");
        System.IO.Directory.CreateDirectory(Path.Combine(estate, "plans"));
        await File.WriteAllTextAsync(Path.Combine(estate, "estate.yaml"), Estate);
        await File.WriteAllTextAsync(Path.Combine(estate, "plans", "gated.yaml"), GatedPlan);
        _app = await ServerApp.CreateAsync(
            new ServerOptions
            {
                StatePath = Path.Combine(Directory, "state.db"),
                Estates = [estate],
                Urls = "http://127.0.0.1:0",
                SecureCookies = false,
                DecisionPollInterval = TimeSpan.FromMilliseconds(50),
            },
            CancellationToken.None);
        await _app.StartAsync();
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        var users = _app.Services.GetRequiredService<UserStore>();
        foreach (var (name, role) in new[] { ("viewer", Role.Viewer), ("responder", Role.Responder), ("approver", Role.Approver), ("approver2", Role.Approver) })
        {
            await users.AddUserAsync(name, Password, role, null, CancellationToken.None);
            var (token, _) = await users.CreateTokenAsync(name, "tests", CancellationToken.None);
            Tokens[name] = token!.Token;
        }
    }

    /// <summary>Starts the gated plan as a live run by <paramref name="user"/> over HTTP; returns its id once it waits at the gate.</summary>
    public async Task<string> StartGatedRunAsync(string user)
    {
        using var client = new HttpClient { BaseAddress = new Uri(Url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens[user]);
        using var response = await client.PostAsJsonAsync("/api/runs", new { estate = "remote", scenario = "gated", mode = "live", profile = "test", confirm = "gated" });
        response.EnsureSuccessStatusCode();
        var runId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run_id").GetString()!;
        for (var i = 0; i < 400; i++)
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

    /// <summary>Runs the lifeline binary against this server with <paramref name="user"/>'s token in $LIFELINE_TOKEN.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> CliAsync(string? user, params string[] args) =>
        CliProcess.RunAsync(
            Directory,
            [.. args, "--server", Url],
            user is null ? null : new Dictionary<string, string> { ["LIFELINE_TOKEN"] = Tokens[user] });

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
