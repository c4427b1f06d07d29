using Lifeline.Providers.Postgres;
using Npgsql;

namespace Lifeline.Sandbox.Tests.Providers;

public sealed class PostgresFailoverTests(SyncDatabasePairFixture sandbox) : IClassFixture<SyncDatabasePairFixture>
{
    private readonly PostgresProvider _provider = new(TimeProvider.System);
    private readonly TestStep _step = new();

    [Fact]
    public async Task Fence_ReachablePrimary_WritesThenFail()
    {
        // Given a client connected to the (synchronous) primary that can write
        var settings = sandbox.PostgresSettings("LIFELINE_SANDBOX_PG_PRIMARY_PORT");
        await using (var before = new NpgsqlConnection(sandbox.PrimaryConnectionString))
        {
            await before.OpenAsync();
            await using var write = new NpgsqlCommand("insert into audit_logs (action, entity, entity_id) values ('before fence', 'test', 0)", before);
            await write.ExecuteNonQueryAsync();
        }

        // When it is fenced with the default method, through its data directory
        settings = new Dictionary<string, string>(settings) { ["data-dir"] = sandbox.Variables["LIFELINE_SANDBOX_PG_PRIMARY_DATA"] };
        var fence = await _provider.ExecuteAsync(_step.Operation("database.fence", settings), CancellationToken.None);

        // Then it was demoted to a standby, verified, and a new write fails
        Assert.True(fence.Succeeded, fence.Error);
        Assert.Equal("true", fence.Outputs["fenced"]);
        Assert.Equal("demote", fence.Outputs["method"]);
        Assert.Equal("true", fence.Outputs["verified"]);
        await using var after = new NpgsqlConnection(sandbox.PrimaryConnectionString);
        await after.OpenAsync();
        await using var rejected = new NpgsqlCommand("insert into audit_logs (action, entity, entity_id) values ('after fence', 'test', 0)", after);
        var error = await Assert.ThrowsAsync<PostgresException>(() => rejected.ExecuteNonQueryAsync());
        Assert.Equal("25006", error.SqlState);
        var again = await _provider.ExecuteAsync(_step.Operation("database.fence", settings), CancellationToken.None);
        Assert.True(again.Succeeded, again.Error);
    }

    [Fact]
    public async Task Promote_Standby_BecomesWritablePrimary()
    {
        // Given the streaming standby
        var settings = sandbox.PostgresSettings("LIFELINE_SANDBOX_PG_STANDBY_PORT");

        // When it is promoted (twice: promotion is idempotent)
        var promote = await _provider.ExecuteAsync(_step.Operation("database.promote", settings, new Dictionary<string, string> { ["wait"] = "30s" }), CancellationToken.None);
        var again = await _provider.ExecuteAsync(_step.Operation("database.promote", settings), CancellationToken.None);

        // Then it is a primary that accepts writes
        Assert.True(promote.Succeeded, promote.Error);
        Assert.True(again.Succeeded, again.Error);
        Assert.Equal($"127.0.0.1:{sandbox.Variables["LIFELINE_SANDBOX_PG_STANDBY_PORT"]}", promote.Outputs["endpoint"]);
        var status = await _provider.ProbeAsync(_step.Probe("database.status", settings), CancellationToken.None);
        Assert.Equal("primary", status.Fields["role"]);
        await using var db = new NpgsqlConnection(sandbox.StandbyConnectionString);
        await db.OpenAsync();
        await using var write = new NpgsqlCommand("insert into audit_logs (action, entity, entity_id) values ('after promote', 'test', 0) returning id", db);
        Assert.NotNull(await write.ExecuteScalarAsync());
    }
}
