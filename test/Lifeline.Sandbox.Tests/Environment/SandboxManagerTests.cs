using System.Net;
using System.Text.Json;
using DnsClient;
using Lifeline.Providers.PowerDns;
using Lifeline.Sandbox.Environment;
using Npgsql;
using Xunit.Abstractions;

namespace Lifeline.Sandbox.Tests.Environment;

public sealed class SandboxManagerTests(SandboxFixture sandbox, ITestOutputHelper output) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task UpAsync_FreshDirectory_AllComponentsHealthy()
    {
        // Given a sandbox brought up by the fixture
        output.WriteLine($"up took {sandbox.UpDuration.TotalSeconds:0.0} s");
        foreach (var line in sandbox.Progress)
        {
            output.WriteLine(line);
        }

        // When its status is read
        var status = await sandbox.Manager.StatusAsync(sandbox.Directory, CancellationToken.None);

        // Then every component is alive and healthy: two databases, DNS, two primary portal instances
        Assert.True(status.Succeeded, status.Error);
        foreach (var component in status.Value!.Components)
        {
            output.WriteLine($"{component.Name} {component.Site} pid {component.Pid} {component.Endpoint} alive={component.Alive} healthy={component.Healthy} {component.Detail}");
        }

        Assert.True(status.Value.AllHealthy);

        // And each runs detached, in a session of its own, so it outlives the process that started it
        var ownSession = Session(System.Environment.ProcessId);
        foreach (var component in status.Value.Components)
        {
            Assert.Equal(component.Pid, Session(component.Pid));
            Assert.NotEqual(ownSession, Session(component.Pid));
        }

        Assert.Equal(
            ["pdns", "pg-primary", "pg-standby", "pg-standby-az", "portal-primary/127.0.1.10", "portal-primary/127.0.1.11", "s3-dr", "s3-primary"],
            status.Value.Components.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Contains(status.Value.Components, c => c.Name == "pg-standby" && c.Detail == "standby" && c.Site == "dr");
    }

    [Fact]
    public async Task UpAsync_SecondTime_ReportsTheRunningSandbox()
    {
        // Given a running sandbox
        var before = sandbox.State.Components.Select(c => c.Pid).ToList();

        // When up runs again on the same directory
        var again = await sandbox.Manager.UpAsync(new SandboxOptions(sandbox.Directory, Topologies.Axis), new Progress<string>(), CancellationToken.None);

        // Then it succeeds with the same processes
        Assert.True(again.Succeeded, again.Error);
        Assert.Equal(before, again.Value!.Components.Select(c => c.Pid));
    }

    [Fact]
    public async Task EnvironmentAsync_RunningSandbox_HasEveryVariableAndTheFileMatches()
    {
        var variables = await SandboxManager.EnvironmentAsync(sandbox.Directory, CancellationToken.None);

        Assert.True(variables.Succeeded, variables.Error);
        string[] expected =
        [
            "LIFELINE_SANDBOX_DIR", "LIFELINE_SANDBOX_OWNER", "LIFELINE_SANDBOX_PG_PRIMARY_PORT", "LIFELINE_SANDBOX_PG_STANDBY_PORT", "LIFELINE_SANDBOX_PG_PRIMARY_DATA", "LIFELINE_SANDBOX_PG_STANDBY_DATA",
            "LIFELINE_SANDBOX_PG_DATABASE",
            "LIFELINE_SANDBOX_PG_USER", "LIFELINE_SECRET_SANDBOX_PG_PASSWORD", "LIFELINE_SANDBOX_PDNS_API", "LIFELINE_SECRET_SANDBOX_PDNS_API_KEY",
            "LIFELINE_SANDBOX_PDNS_DNS", "LIFELINE_SANDBOX_PDNS_ZONE", "LIFELINE_SANDBOX_SECRETS_DIR", "LIFELINE_SANDBOX_PORTAL_PORT",
            "LIFELINE_SANDBOX_PORTAL_PRIMARY_URL", "LIFELINE_SANDBOX_PORTAL_DR_URL",
            "LIFELINE_SANDBOX_PG_SOCKET_DIR", "LIFELINE_SANDBOX_PRIMARY_SITE_ADDRESS",
            "LIFELINE_SANDBOX_DR_SITE_ADDRESS", "LIFELINE_SANDBOX_GLOBAL_SITE_ADDRESS", "LIFELINE_SANDBOX_BACKUPS_DIR",
            "LIFELINE_SANDBOX_PG_STANDBY_AZ_PORT", "LIFELINE_SANDBOX_PG_STANDBY_AZ_DATA",
            "LIFELINE_SANDBOX_PITR_CONFIG", "LIFELINE_SANDBOX_PITR_STANZA", "LIFELINE_SANDBOX_PITR_REPO", "LIFELINE_SANDBOX_PITR_RESTORES",
            "LIFELINE_SANDBOX_NFT_TABLE", "LIFELINE_SANDBOX_EVIDENCE_DIR", "LIFELINE_SANDBOX_PRIMARY_SITE_BLOCK", "LIFELINE_SANDBOX_DR_SITE_BLOCK",
            "LIFELINE_SANDBOX_GLOBAL_SITE_BLOCK", "LIFELINE_SANDBOX_PG_REPLICATION_USER", "LIFELINE_SECRET_SANDBOX_PG_REPLICATION_PASSWORD",
            "LIFELINE_SANDBOX_PORTAL_TLS_PORT", "LIFELINE_SANDBOX_PORTAL_PRIMARY_HTTPS_URL", "LIFELINE_SANDBOX_PORTAL_DR_HTTPS_URL", "LIFELINE_SANDBOX_PORTAL_CA_FILE",
            "LIFELINE_SANDBOX_PORTAL_CERTIFICATE_FILE",
            "LIFELINE_SANDBOX_S3_PORT", "LIFELINE_SANDBOX_S3_PRIMARY_URL", "LIFELINE_SANDBOX_S3_DR_URL", "LIFELINE_SANDBOX_S3_KEYS_FILE",
            "LIFELINE_SECRET_SANDBOX_S3_ACCESS_KEY_ID", "LIFELINE_SECRET_SANDBOX_S3_SECRET_ACCESS_KEY",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), variables.Value!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("axis.sandbox.", variables.Value["LIFELINE_SANDBOX_PDNS_ZONE"]);
        Assert.Equal($"http://127.0.1.10:{variables.Value["LIFELINE_SANDBOX_PORTAL_PORT"]}", variables.Value["LIFELINE_SANDBOX_PORTAL_PRIMARY_URL"]);
        var file = await File.ReadAllLinesAsync(Path.Combine(sandbox.Directory, "sandbox.env"));
        Assert.Equal(variables.Value.Select(v => $"{v.Key}={v.Value}"), file);
    }

    [Fact]
    public async Task UpAsync_DbEndpointSecret_PointsAtTheWritablePrimary()
    {
        // Given the db-endpoint secret the portal reads
        using var secret = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(sandbox.Directory, "secrets", "db-endpoint")));
        var root = secret.RootElement;
        Assert.Equal("postgres", root.GetProperty("engine").GetString());
        Assert.Equal("axis_imaging", root.GetProperty("dbname").GetString());

        // When connecting with exactly what it says
        var connection = new NpgsqlConnectionStringBuilder
        {
            Host = root.GetProperty("host").GetString(),
            Port = root.GetProperty("port").GetInt32(),
            Database = root.GetProperty("dbname").GetString(),
            Username = root.GetProperty("username").GetString(),
            Password = root.GetProperty("password").GetString(),
            Pooling = false,
        };
        await using var db = new NpgsqlConnection(connection.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("insert into audit_logs (action, entity, entity_id) values ('test', 'test', 0) returning id", db);

        // Then a write succeeds
        Assert.NotNull(await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task UpAsync_Dns_AnswersThePrimaryPortalAddresses()
    {
        var dns = IPEndPoint.Parse(sandbox.Variables["LIFELINE_SANDBOX_PDNS_DNS"]);

        var portal = await AuthoritativeQuery.AskAsync(dns, "portal.axis.sandbox.", QueryType.A, CancellationToken.None);
        var api = await AuthoritativeQuery.AskAsync(dns, "api.axis.sandbox.", QueryType.A, CancellationToken.None);

        Assert.Equal(["127.0.1.10", "127.0.1.11"], portal.Values);
        Assert.Equal(["127.0.1.10", "127.0.1.11"], api.Values);
        Assert.Equal(60, portal.Ttl);
    }

    [Fact]
    public async Task FaultAsync_UnknownName_ListsValidFaults()
    {
        var result = await sandbox.Manager.FaultAsync(sandbox.Directory, "meteor", CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("unknown fault 'meteor'; valid faults: kill-site, kill, pause, resume, zombie, partition-site, primary-site, primary-db, primary-portal, pause-primary-db, resume-primary-db, zombie-primary, delete-rows, deploy-broken, breach, upstream-down, upstream-up, leak-credential, restore-site", result.Error);
    }

    [Fact]
    public async Task FaultAsync_ResourceByItsEstateName_PausesAndResumesThatServer()
    {
        // Given the primary database member, which stands for the estate resource db-primary
        var primary = sandbox.State.Component("pg-primary");

        // When it is paused and resumed by its resource name
        var pause = await sandbox.Manager.FaultAsync(sandbox.Directory, SandboxManager.Pause, "db-primary", CancellationToken.None);
        var resume = await sandbox.Manager.FaultAsync(sandbox.Directory, SandboxManager.Resume, "db-primary", CancellationToken.None);

        // Then both reached that server
        Assert.True(pause.Succeeded, pause.Error);
        Assert.StartsWith($"pause db-primary: paused pg-primary pid {primary.Pid} ", pause.Value, StringComparison.Ordinal);
        Assert.True(resume.Succeeded, resume.Error);
        Assert.StartsWith($"resume db-primary: resumed pg-primary pid {primary.Pid} ", resume.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FaultAsync_UnknownResourceOrSite_ListsWhatTheSandboxHas()
    {
        var kill = await sandbox.Manager.FaultAsync(sandbox.Directory, SandboxManager.Kill, "db-nowhere", CancellationToken.None);
        var site = await sandbox.Manager.FaultAsync(sandbox.Directory, SandboxManager.KillSite, "moon", CancellationToken.None);

        Assert.Equal("'db-nowhere' is not a resource of this sandbox; expected one of: db-primary, db-replica, pdns, pg-primary, pg-standby, pg-standby-az, portal-dr, portal-primary, s3-dr, s3-primary", kill.Error);
        Assert.Equal("'moon' is not a site of this sandbox; expected one of: primary, dr, global", site.Error);
    }

    private static int Session(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture);
    }
}
