using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Lifeline.Engine.Checkpoints;
using Lifeline.Engine.Incidents;
using Lifeline.Engine.Runs;
using Lifeline.Sandbox.Demo;
using Lifeline.Sandbox.Environment;
using Lifeline.Sandbox.Tests.Detection;
using Npgsql;

namespace Lifeline.Sandbox.Tests.MedZen;

/// <summary>
/// The MedZen estate's drill scenarios (sandbox.scenarios) as <c>lifeline demo --scenario</c> runs them, in process with
/// the sandbox kept afterwards, so the test can check the effects on the sandbox itself before taking it down.
/// </summary>
public sealed class MedZenIncidentDrillTests : IAsyncLifetime
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"lifeline-mzdrill-{Guid.NewGuid():N}");

    private string SandboxDirectory => Path.Combine(_work, "sandbox");

    private string StatePath => Path.Combine(_work, "state.db");

    [Fact]
    public async Task SecurityIncident_LeakedCredential_DisabledPasswordRotatedPortClosedEvidenceAttachedBreachClockAndLegalPaged()
    {
        // Given the MedZen sandbox with a leaked database credential in use (the scenario's fault)
        // When the security-incident drill scenario runs
        var report = await DemoAsync("security-incident");
        var settings = (await SandboxManager.ReadStateAsync(SandboxDirectory, CancellationToken.None))!.Settings;

        // Then the drill succeeded with no acknowledged write lost
        Assert.True(report.Status == "succeeded", Failures(report));
        Assert.Equal(0, report.Rpo.LostWrites);

        // And the leaked credential and the old database password fail, the rotated one in the secret works
        var leaked = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(SandboxDirectory, "leaked-credential.json"))).RootElement;
        var port = settings["LIFELINE_SANDBOX_EHRDB_PRIMARY_PORT"];
        var refusedLogin = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(port, leaked.GetProperty("username").GetString()!, leaked.GetProperty("password").GetString()!));
        Assert.Equal(PostgresErrorCodes.InvalidAuthorizationSpecification, refusedLogin.SqlState);
        var user = settings["LIFELINE_SANDBOX_EHRDB_USER"];
        var oldPassword = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(port, user, settings["LIFELINE_SECRET_SANDBOX_EHRDB_PASSWORD"]));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, oldPassword.SqlState);
        var secret = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(settings["LIFELINE_SANDBOX_SECRETS_DIR"], "ehrbase-db-af-south-1"))).RootElement;
        await (await OpenAsync(secret.GetProperty("port").ToString(), secret.GetProperty("username").GetString()!, secret.GetProperty("password").GetString()!)).DisposeAsync();

        // And EHRbase's port in af-south-1 refuses a client from outside, while the site still serves its own clients
        var ehr = new Uri(settings["LIFELINE_SANDBOX_EHRBASE_AF_SOUTH_1_URL"]);
        var outside = await Assert.ThrowsAsync<SocketException>(() => ConnectAsync(IPAddress.Parse("127.0.9.1"), ehr));
        Assert.Equal(SocketError.ConnectionRefused, outside.SocketErrorCode);
        Assert.Equal(200, (await MedZenSandbox.CallAsync(ehr, HttpMethod.Get, "/ehrbase/rest/status")).Status);

        // And the incident carries the 60-day HIPAA clock and the credential's connections as evidence, and legal was paged
        var view = await IncidentAsync(report.IncidentId!);
        Assert.True(view.Incident.PossibleBreach);
        var hipaa = Assert.Single(view.BreachDeadlines, d => d.Rule == "HIPAA");
        Assert.Equal(view.Incident.OpenedAt.AddDays(60), hipaa.Due);
        Assert.Contains(view.Timeline, t => t.Text.Contains(SandboxManager.LeakedRole, StringComparison.Ordinal) && t.Text.Contains("connection authorized", StringComparison.Ordinal));
        var notices = (await File.ReadAllLinesAsync(Path.Combine(SandboxDirectory, "notifications.log"))).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(notices, n => n.GetProperty("subject").GetString()!.StartsWith("[HIPAA]", StringComparison.Ordinal) && n.GetProperty("to").GetString()!.Contains("legal", StringComparison.Ordinal));
    }

    // Found in the full runs of 2026-12-02: pg_rewind against the just-promoted eu-west-1 answered "no rewind required"
    // (its control file still named the old timeline), so af-south-1 kept its own WAL past the fork and never followed;
    // the fenced primary's final position then matched af-south-1's own shutdown checkpoint, and a promote lost the
    // writes of the whole return. The drill runs under write load so that both switches are measured.
    [Fact]
    public async Task ReturnToPrimary_AfterRegionFailureUnderWriteLoad_NoAcknowledgedWriteLostAcrossBothSwitches()
    {
        // Given the af-south-1 region failure drilled first in the same sandbox, with synchronous replication (an
        // asynchronous replica loses the unreplicated tail of a SIGKILLed region by definition), clients writing
        // through ehr throughout
        // When the return-to-primary scenario runs: reprotect, the weighted canary, the soak, the switchover
        var report = await DemoAsync("return-to-primary", sync: true);
        var settings = (await SandboxManager.ReadStateAsync(SandboxDirectory, CancellationToken.None))!.Settings;

        // Then both drills succeeded and no acknowledged write was lost across the failover and the return
        Assert.True(report.Status == "succeeded", Failures(report));
        var failover = Assert.Single(report.Before);
        Assert.Equal(0, failover.Rpo.LostWrites);
        Assert.True(report.Rpo.AcknowledgedWrites > failover.Rpo.AcknowledgedWrites, "writes went on during the return");
        Assert.Equal(0, report.Rpo.LostWrites);

        // And the canary phase lasted the whole soak, af-south-1's database is the writable primary again and ehr
        // answers with af-south-1's addresses only
        Assert.True(report.Phases.Single(p => p.Name.StartsWith("Gradually shift traffic back", StringComparison.Ordinal)).ActualS >= 10);
        await using (var primary = await OpenAsync(settings["LIFELINE_SANDBOX_EHRDB_PRIMARY_PORT"], settings["LIFELINE_SANDBOX_EHRDB_USER"], settings["LIFELINE_SECRET_SANDBOX_EHRDB_PASSWORD"]))
        {
            await using var command = new NpgsqlCommand("select pg_is_in_recovery()", primary);
            Assert.Equal(false, await command.ExecuteScalarAsync());
        }

        var answer = await Lifeline.Providers.PowerDns.AuthoritativeQuery.AskAsync(
            IPEndPoint.Parse(settings["LIFELINE_SANDBOX_PDNS_DNS"]), $"ehr.{settings["LIFELINE_SANDBOX_PDNS_ZONE"]}", DnsClient.QueryType.A, CancellationToken.None);
        Assert.NotEmpty(answer.Values);
        Assert.All(answer.Values, a => Assert.StartsWith("127.0.1.", a, StringComparison.Ordinal));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (Directory.Exists(SandboxDirectory))
        {
            var down = await new SandboxManager(TimeProvider.System).DownAsync(SandboxDirectory, CancellationToken.None);
            Assert.True(down.Succeeded, down.Error);
        }

        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    private async Task<DemoReport> DemoAsync(string scenario, bool sync = false)
    {
        Directory.CreateDirectory(_work);
        var options = new DemoOptions(Topologies.MedZenEstate, SandboxDirectory, StatePath, sync, Keep: true, TimeSpan.FromSeconds(1), WritesPerSecond: 10)
        {
            ScenarioName = scenario,
        };
        var (report, error) = await new DemoDrill(MonitoredSandbox.Providers, TimeProvider.System).RunAsync(options, new Progress<string>(), NullRunObserver.Instance, CancellationToken.None);
        Assert.True(report is not null, error);
        return report;
    }

    private async Task<IncidentView> IncidentAsync(string id)
    {
        await using var runs = await SqliteRunStore.OpenAsync(StatePath, CancellationToken.None);
        var incidents = new IncidentService(await SqliteIncidentStore.OpenAsync(StatePath, CancellationToken.None), runs, TimeProvider.System);
        return (await incidents.ViewAsync(id, CancellationToken.None))!;
    }

    private static string Failures(DemoReport report) =>
        string.Join("\n", report.Validation.Where(v => v.Status != "passed").Select(v => $"{v.Check}: {v.Detail}"));

    private static async Task<NpgsqlConnection> OpenAsync(string port, string user, string password)
    {
        var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Database=ehrbase;Username={user};Password={password};Pooling=false;Timeout=5");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ConnectAsync(IPAddress from, Uri to)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(from, 0));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(IPAddress.Parse(to.Host), to.Port, timeout.Token);
    }
}
