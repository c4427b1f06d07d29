using System.Globalization;
using Lifeline.Providers.Postgres;
using Lifeline.Sandbox.Tests.Detection;
using Npgsql;

namespace Lifeline.Sandbox.Tests.Providers;

/// <summary>
/// database.reboot-failover on the Axis sandbox, RDS Multi-AZ's forced failover: the primary's same-site standby is
/// synchronous, so promoting it keeps every write the primary acknowledged, even when the primary dies mid-load.
/// </summary>
public sealed class PostgresMultiAzFailoverTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private readonly PostgresProvider _provider = new(TimeProvider.System);
    private readonly TestStep _step = new();

    [Fact]
    public async Task RebootFailover_PrimaryKilledUnderWriteLoad_KeepsEveryAcknowledgedWrite()
    {
        // Given a client writing to the primary, whose same-site standby is synchronous
        var settings = new Dictionary<string, string>(sandbox.PostgresSettings("LIFELINE_SANDBOX_PG_PRIMARY_PORT"))
        {
            ["data-dir"] = sandbox.Variables["LIFELINE_SANDBOX_PG_PRIMARY_DATA"],
            ["standby-port"] = sandbox.Variables["LIFELINE_SANDBOX_PG_STANDBY_AZ_PORT"],
            ["standby-data-dir"] = sandbox.Variables["LIFELINE_SANDBOX_PG_STANDBY_AZ_DATA"],
        };
        await AcknowledgedWriter.CreateTableAsync(sandbox.PrimaryConnectionString);
        await using var writer = new AcknowledgedWriter(sandbox.PrimaryConnectionString, reconnect: false);
        writer.Start();
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(60);
        while (writer.Acknowledged.Count < 200 && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(20);
        }

        // When the primary is killed mid-load and the database is failed over to its standby
        var kill = await sandbox.Manager.FaultAsync(sandbox.Directory, "kill", "db-primary", CancellationToken.None);
        Assert.True(kill.Succeeded, kill.Error);
        await writer.DisposeAsync();
        var failover = await _provider.ExecuteAsync(_step.Operation("database.reboot-failover", settings, new Dictionary<string, string> { ["wait"] = "60s" }), CancellationToken.None);

        // Then the standby is the writable primary and holds every write the old primary acknowledged
        Assert.True(failover.Succeeded, failover.Error + "\n" + string.Join("\n", _step.Lines));
        Assert.Equal($"127.0.0.1:{sandbox.Variables["LIFELINE_SANDBOX_PG_STANDBY_AZ_PORT"]}", failover.Outputs["endpoint"]);
        Assert.Equal(sandbox.Variables["LIFELINE_SANDBOX_PG_STANDBY_AZ_PORT"], failover.Outputs["port"]);
        var standby = new NpgsqlConnectionStringBuilder(sandbox.PrimaryConnectionString) { Port = int.Parse(failover.Outputs["port"], CultureInfo.InvariantCulture) }.ConnectionString;
        var acknowledged = writer.Acknowledged.Select(a => a.Id).ToList();
        Assert.True(acknowledged.Count >= 200, $"only {acknowledged.Count} writes were acknowledged before the kill");
        Assert.Equal(acknowledged.Count, await AcknowledgedWriter.CountPresentAsync(standby, acknowledged));
        await using var connection = new NpgsqlConnection(standby);
        await connection.OpenAsync();
        await using var write = new NpgsqlCommand("insert into audit_logs (action, entity, entity_id) values ('after multi-az failover', 'test', 0)", connection);
        Assert.Equal(1, await write.ExecuteNonQueryAsync());
    }
}
