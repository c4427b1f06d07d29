using Lifeline.Providers.Postgres;
using Npgsql;

namespace Lifeline.Sandbox.Tests.Providers;

public sealed class PostgresProviderTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private readonly PostgresProvider _provider = new(TimeProvider.System);
    private readonly TestStep _step = new();

    private IReadOnlyDictionary<string, string> Primary => sandbox.PostgresSettings("LIFELINE_SANDBOX_PG_PRIMARY_PORT");

    private IReadOnlyDictionary<string, string> Standby => sandbox.PostgresSettings("LIFELINE_SANDBOX_PG_STANDBY_PORT");

    [Fact]
    public async Task ProbeAsync_PrimaryAndStandby_ReportRolesAndStreaming()
    {
        var primary = await _provider.ProbeAsync(_step.Probe("database.status", Primary), CancellationToken.None);
        var standby = await _provider.ProbeAsync(_step.Probe("database.status", Standby), CancellationToken.None);

        Assert.Equal("primary", primary.Fields["role"]);
        Assert.Equal("true", primary.Fields["writable"]);
        // (the Axis sandbox also has its Multi-AZ standby in the primary's site, synchronous)
        Assert.StartsWith("standby:streaming:async,standby-az:streaming", primary.Fields["replication_state"], StringComparison.Ordinal);
        Assert.Equal("standby", standby.Fields["role"]);
        Assert.Equal("true", standby.Fields["in_recovery"]);
        Assert.Equal("false", standby.Fields["writable"]);
        Assert.Equal("streaming", standby.Fields["replication_state"]);
        Assert.NotEqual("", standby.Fields["last_wal_receipt_age_s"]);
    }

    [Fact]
    public async Task ProbeAsync_RemoteStandbysNamed_OnlyTheirRepliesCountAsTheSiteNotIsolated()
    {
        // Given the primary, streaming to its same-site Multi-AZ standby and to the DR standby
        Dictionary<string, string> With(string remote) => new(Primary) { ["remote-standbys"] = remote };

        // When its status is asked counting every standby, only the DR one, and only one that does not stream
        var every = await _provider.ProbeAsync(_step.Probe("database.status", Primary), CancellationToken.None);
        var dr = await _provider.ProbeAsync(_step.Probe("database.status", With("standby")), CancellationToken.None);
        var absent = await _provider.ProbeAsync(_step.Probe("database.status", With("standby-elsewhere")), CancellationToken.None);

        // Then a reply age is reported while a counted standby streams, and none when no counted standby does: a standby
        // in the primary's own site, cut off with it, cannot vouch that the site is not isolated
        Assert.NotEqual("", every.Fields["standby_reply_age_s"]);
        Assert.NotEqual("", dr.Fields["standby_reply_age_s"]);
        Assert.Equal("", absent.Fields["standby_reply_age_s"]);
    }

    [Fact]
    public async Task BaselineVerify_RowDeletedAfterCapture_FailsNamingTheTable()
    {
        // Given patients and a baseline captured from the primary into a file
        await using (var db = new NpgsqlConnection(sandbox.PrimaryConnectionString))
        {
            await db.OpenAsync();
            await using var insert = new NpgsqlCommand(
                "insert into patients (name) select 'bv-' || g from generate_series(1, 5) g; insert into audit_logs (action, entity, entity_id) values ('seed', 'test', 0)", db);
            await insert.ExecuteNonQueryAsync();
        }

        var file = Path.Combine(sandbox.Directory, "baseline-test.json");
        var capture = await _provider.ExecuteAsync(_step.Operation("database.baseline-capture", Primary, new Dictionary<string, string> { ["file"] = file }), CancellationToken.None);
        Assert.True(capture.Succeeded, capture.Error);
        var unchanged = await _provider.ExecuteAsync(_step.Operation("database.baseline-verify", Primary, new Dictionary<string, string> { ["baseline"] = capture.Outputs["baseline"] }), CancellationToken.None);
        Assert.True(unchanged.Succeeded, unchanged.Error);

        // When a patient row is deleted
        await using (var db = new NpgsqlConnection(sandbox.PrimaryConnectionString))
        {
            await db.OpenAsync();
            await using var delete = new NpgsqlCommand("delete from patients where name = 'bv-3'", db);
            await delete.ExecuteNonQueryAsync();
        }

        var verify = await _provider.ExecuteAsync(_step.Operation("database.baseline-verify", Primary, new Dictionary<string, string> { ["baseline"] = "@" + file }), CancellationToken.None);

        // Then verification fails and says which table lost what
        Assert.False(verify.Succeeded);
        Assert.Contains("patients has", verify.Error, StringComparison.Ordinal);
        Assert.Contains("(1 lost)", verify.Error, StringComparison.Ordinal);
        Assert.False(verify.IsTransient);
    }

    [Fact]
    public async Task BaselineVerify_AcknowledgedAfterNewestAuditRow_ReportsTheGapAsAuditRpo()
    {
        // Given an audit row, and a baseline holding it
        await using (var db = new NpgsqlConnection(sandbox.PrimaryConnectionString))
        {
            await db.OpenAsync();
            await using var insert = new NpgsqlCommand("insert into audit_logs (action, entity, entity_id) values ('rpo', 'test', 0)", db);
            await insert.ExecuteNonQueryAsync();
        }

        var capture = await _provider.ExecuteAsync(_step.Operation("database.baseline-capture", Primary), CancellationToken.None);
        Assert.True(capture.Succeeded, capture.Error);
        var same = await _provider.ExecuteAsync(_step.Operation("database.baseline-verify", Primary, new Dictionary<string, string> { ["baseline"] = capture.Outputs["baseline"] }), CancellationToken.None);
        Assert.True(same.Succeeded, same.Error);
        Assert.Equal("0", same.Outputs["rpo_audit_s"]);

        // When the old primary is known to have written an audit row 7.5 s after the newest one here
        var newest = DateTimeOffset.Parse(same.Outputs["latest_audit_at"], System.Globalization.CultureInfo.InvariantCulture);
        var acknowledged = newest.AddSeconds(7.5).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var verify = await _provider.ExecuteAsync(_step.Operation("database.baseline-verify", Primary, new Dictionary<string, string> { ["baseline"] = capture.Outputs["baseline"], ["acknowledged-at"] = acknowledged }), CancellationToken.None);

        // Then the data still verifies, and the audit-log RPO is that gap (to the millisecond the output is rounded to)
        Assert.True(verify.Succeeded, verify.Error);
        Assert.InRange(double.Parse(verify.Outputs["rpo_audit_s"], System.Globalization.CultureInfo.InvariantCulture), 7.498, 7.5);
    }

    [Fact]
    public async Task Fence_UnreachablePrimary_FailsUnlessAcceptUnreachable()
    {
        // Given a primary nobody listens for
        var settings = new Dictionary<string, string>(Primary) { ["port"] = "1" };

        var block = new Dictionary<string, string> { ["method"] = "block" };
        settings["data-dir"] = "/nonexistent";

        var refused = await _provider.ExecuteAsync(_step.Operation("database.fence", settings, block), CancellationToken.None);
        var accepted = await _provider.ExecuteAsync(_step.Operation("database.fence", settings, new Dictionary<string, string>(block) { ["accept-unreachable"] = "true" }), CancellationToken.None);

        Assert.False(refused.Succeeded);
        Assert.Equal("PostgreSQL at 127.0.0.1:1 is unreachable: connection refused; not fenced (set accept-unreachable=true to accept the risk)", refused.Error);
        Assert.True(accepted.Succeeded, accepted.Error);
        Assert.Equal("false", accepted.Outputs["fenced"]);
        Assert.Equal("false", accepted.Outputs["reachable"]);
        Assert.Equal("false", accepted.Outputs["verified"]);
    }

    [Theory]
    [InlineData("port", "abc", "postgres: setting 'port' must be a whole number from 1 to 65535, not 'abc'")]
    [InlineData("host", "", "postgres: setting 'host' is required")]
    public async Task ExecuteAsync_BadSetting_OneClearFailure(string setting, string value, string expected)
    {
        var settings = new Dictionary<string, string>(Primary) { [setting] = value };

        var outcome = await _provider.ExecuteAsync(_step.Operation("database.promote", settings), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(expected, outcome.Error);
    }

    [Fact]
    public async Task Promote_Primary_AlreadyPrimaryIsSuccess()
    {
        var outcome = await _provider.ExecuteAsync(_step.Operation("database.promote", Primary), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal($"127.0.0.1:{sandbox.Variables["LIFELINE_SANDBOX_PG_PRIMARY_PORT"]}", outcome.Outputs["endpoint"]);
    }
}
