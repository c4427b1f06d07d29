using Lifeline.Providers.Postgres;
using Npgsql;

namespace Lifeline.Sandbox.Tests.Providers;

/// <summary>
/// database.reprotect and the zero-loss switchover back (fence lsn, promote after-lsn) with the postgres provider, on
/// the sandbox's real PostgreSQL pair: a failover, then the whole way back.
/// </summary>
public sealed class PostgresReprotectTests(DatabasePairFixture sandbox) : IClassFixture<DatabasePairFixture>
{
    private readonly PostgresProvider _provider = new(TimeProvider.System);
    private readonly TestStep _step = new();

    [Fact]
    public async Task Reprotect_AfterFailover_OldPrimaryStreamsFromDrAndASwitchoverBackLosesNothing()
    {
        // Given a failover: the primary stopped, the standby promoted and taking writes
        var primary = Settings("PRIMARY", upstream: "STANDBY");
        var dr = Settings("STANDBY", upstream: "PRIMARY");
        await InsertAsync(sandbox.PrimaryConnectionString, "before failover");
        Assert.True((await _provider.ExecuteAsync(_step.Operation("database.fence", primary, Inputs(("method", "stop"))), CancellationToken.None)).Succeeded);

        // (reprotect refuses while the upstream is not a promoted primary, and changes nothing)
        var tooEarly = await _provider.ExecuteAsync(_step.Operation("database.reprotect", primary), CancellationToken.None);
        Assert.False(tooEarly.Succeeded);
        Assert.Contains("not a promoted primary", tooEarly.Error, StringComparison.Ordinal);

        Assert.True((await _provider.ExecuteAsync(_step.Operation("database.promote", dr), CancellationToken.None)).Succeeded);
        await InsertAsync(sandbox.StandbyConnectionString, "written at DR");

        // When the old primary is reprotected (twice: it is idempotent)
        var reprotect = await _provider.ExecuteAsync(_step.Operation("database.reprotect", primary, Inputs(("wait", "60s"))), CancellationToken.None);
        var again = await _provider.ExecuteAsync(_step.Operation("database.reprotect", primary), CancellationToken.None);

        // Then it was rewound and streams from the DR database, and has DR's writes
        Assert.True(reprotect.Succeeded, reprotect.Error + string.Join('\n', _step.Lines));
        Assert.Equal("true", reprotect.Outputs["rewound"]);
        Assert.Equal("streaming", reprotect.Outputs["replication_state"]);
        Assert.True(again.Succeeded, again.Error);
        Assert.Equal("false", again.Outputs["rewound"]);
        var status = await _provider.ProbeAsync(_step.Probe("database.status", primary), CancellationToken.None);
        Assert.Equal("standby", status.Fields["role"]);

        // When writes keep coming at DR and the switchover back runs: fence DR, promote the primary after DR's last LSN
        await InsertAsync(sandbox.StandbyConnectionString, "last write at DR");
        var fence = await _provider.ExecuteAsync(_step.Operation("database.fence", dr), CancellationToken.None);
        Assert.True(fence.Succeeded, fence.Error);
        Assert.Matches("^[0-9A-F]+/[0-9A-F]+$", fence.Outputs["lsn"]);

        // (a promotion that does not know the fenced side's position is refused)
        var blind = await _provider.ExecuteAsync(_step.Operation("database.promote", primary, Inputs(("after-lsn", ""))), CancellationToken.None);
        Assert.False(blind.Succeeded);
        Assert.Contains("not promoted", blind.Error, StringComparison.Ordinal);

        var promote = await _provider.ExecuteAsync(_step.Operation("database.promote", primary, Inputs(("after-lsn", fence.Outputs["lsn"]), ("wait", "30s"))), CancellationToken.None);

        // Then the primary is the only writable member, with every write from both sides
        Assert.True(promote.Succeeded, promote.Error);
        Assert.Contains(_step.Lines, l => l.Contains("at or past the fenced primary's", StringComparison.Ordinal));
        Assert.Equal("true", (await _provider.ProbeAsync(_step.Probe("database.status", primary), CancellationToken.None)).Fields["writable"]);
        Assert.Equal("false", (await _provider.ProbeAsync(_step.Probe("database.status", dr), CancellationToken.None)).Fields["writable"]);
        await using var connection = new NpgsqlConnection(sandbox.PrimaryConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from audit_logs where action in ('before failover', 'written at DR', 'last write at DR')", connection);
        Assert.Equal(3L, await count.ExecuteScalarAsync());
    }

    private Dictionary<string, string> Settings(string member, string upstream) => new(sandbox.PostgresSettings($"LIFELINE_SANDBOX_PG_{member}_PORT"))
    {
        ["data-dir"] = sandbox.Variables[$"LIFELINE_SANDBOX_PG_{member}_DATA"],
        ["upstream"] = $"127.0.0.1:{sandbox.Variables[$"LIFELINE_SANDBOX_PG_{upstream}_PORT"]}",
        ["replication-user"] = sandbox.Variables["LIFELINE_SANDBOX_PG_REPLICATION_USER"],
        ["replication-password"] = sandbox.Variables["LIFELINE_SECRET_SANDBOX_PG_REPLICATION_PASSWORD"],
    };

    private static Dictionary<string, string> Inputs(params (string Name, string Value)[] inputs) => inputs.ToDictionary(i => i.Name, i => i.Value);

    private static async Task InsertAsync(string connectionString, string action)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"insert into audit_logs (action, entity, entity_id) values ('{action}', 'test', 0)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
