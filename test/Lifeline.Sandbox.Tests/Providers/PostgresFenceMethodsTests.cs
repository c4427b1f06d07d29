using Lifeline.Providers.Postgres;
using Lifeline.Sandbox.Tests.Servers;
using Npgsql;

namespace Lifeline.Sandbox.Tests.Providers;

/// <summary>Every fence method against its own real PostgreSQL primary, checked by a hostile client afterwards.</summary>
public sealed class PostgresFenceMethodsTests
{
    private const string HostileWrite = "begin read write; insert into orders (id) values (2); commit;";

    [Theory]
    [InlineData("demote", "0A000")]
    [InlineData("stop", null)]
    [InlineData("block", "28000")]
    public async Task Fence_MethodThatHolds_FreshClientsReadWriteTransactionFailsAndTheOutcomeSaysItVerified(string method, string? sqlState)
    {
        // Given a writable primary with a table, and a client that wrote to it
        await using var cluster = await PostgresCluster.LaunchAsync();
        await ExecuteAsync(cluster.ConnectionString(), "create table orders (id int); insert into orders values (1); create role monitor login");
        var provider = new PostgresProvider(TimeProvider.System);
        var step = new TestStep();

        // When it is fenced with the method
        var fence = await provider.ExecuteAsync(step.Operation("database.fence", cluster.ProviderSettings(), new Dictionary<string, string> { ["method"] = method }), CancellationToken.None);

        // Then the fence says it verified itself, and a fresh client's BEGIN READ WRITE; INSERT fails
        Assert.True(fence.Succeeded, fence.Error);
        Assert.Equal("true", fence.Outputs["fenced"]);
        Assert.Equal("true", fence.Outputs["verified"]);
        Assert.Equal("true", fence.Outputs["holds"]);
        Assert.Equal(method, fence.Outputs["method"]);
        Assert.StartsWith("verified:", fence.Outputs["evidence"], StringComparison.Ordinal);
        var refused = await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(cluster.ConnectionString(), HostileWrite));
        if (sqlState is not null)
        {
            Assert.Equal(sqlState, Assert.IsType<PostgresException>(refused).SqlState);
        }

        // And fencing again finds it fenced
        var again = await provider.ExecuteAsync(step.Operation("database.fence", cluster.ProviderSettings(), new Dictionary<string, string> { ["method"] = method }), CancellationToken.None);
        Assert.True(again.Succeeded, again.Error);
        Assert.Equal("true", again.Outputs["fenced"]);
    }

    [Fact]
    public async Task Fence_Block_MonitoringRoleAndReplicationStillGetIn()
    {
        // Given a primary whose binding names a monitoring role
        await using var cluster = await PostgresCluster.LaunchAsync();
        await ExecuteAsync(cluster.ConnectionString(), "create role monitor login");
        var settings = new Dictionary<string, string>(cluster.ProviderSettings()) { ["monitor-user"] = "monitor" };

        // When it is blocked
        var fence = await new PostgresProvider(TimeProvider.System).ExecuteAsync(
            new TestStep().Operation("database.fence", settings, new Dictionary<string, string> { ["method"] = "block" }), CancellationToken.None);

        // Then the monitoring role can still connect and read, and every other role is rejected
        Assert.True(fence.Succeeded, fence.Error);
        var monitor = new NpgsqlConnectionStringBuilder(cluster.ConnectionString()) { Username = "monitor" }.ConnectionString;
        await using (var connection = new NpgsqlConnection(monitor))
        {
            await connection.OpenAsync();
            await using var read = new NpgsqlCommand("select 1", connection);
            Assert.Equal(1, await read.ExecuteScalarAsync());
        }

        var rejected = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(cluster.ConnectionString(), "select 1"));
        Assert.Equal("28000", rejected.SqlState);
    }

    [Fact]
    public async Task Fence_Advisory_IsWeakAClientsReadWriteTransactionStillWritesAndTheOutcomeSaysNotFenced()
    {
        // Given a writable primary
        await using var cluster = await PostgresCluster.LaunchAsync();
        await ExecuteAsync(cluster.ConnectionString(), "create table orders (id int)");

        // When it gets the advisory read-only setting
        var fence = await new PostgresProvider(TimeProvider.System).ExecuteAsync(
            new TestStep().Operation("database.fence", cluster.ProviderSettings(), new Dictionary<string, string> { ["method"] = "advisory" }), CancellationToken.None);

        // Then the outcome says it is not fenced, verified, and weak; and a client that asks for read-write still writes
        Assert.True(fence.Succeeded, fence.Error);
        Assert.Equal("false", fence.Outputs["fenced"]);
        Assert.Equal("true", fence.Outputs["verified"]);
        Assert.Equal("false", fence.Outputs["holds"]);
        await ExecuteAsync(cluster.ConnectionString(), HostileWrite);
        await using var connection = new NpgsqlConnection(cluster.ConnectionString());
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from orders", connection);
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("demote")]
    [InlineData("stop")]
    [InlineData("block")]
    public async Task Fence_HostMethodWithoutDataDir_UnavailableAndNothingFenced(string method)
    {
        // Given a primary whose binding gives no host access
        await using var cluster = await PostgresCluster.LaunchAsync();
        var settings = new Dictionary<string, string>(cluster.ProviderSettings());
        settings.Remove("data-dir");

        // When a fence that needs the host is asked for
        var fence = await new PostgresProvider(TimeProvider.System).ExecuteAsync(
            new TestStep().Operation("database.fence", settings, new Dictionary<string, string> { ["method"] = method }), CancellationToken.None);

        // Then it is reported unavailable, with the reason, and the server still takes writes (nothing weaker was done)
        Assert.False(fence.Succeeded);
        Assert.Contains($"fence method {method} is unavailable", fence.Error, StringComparison.Ordinal);
        Assert.Contains("'data-dir'", fence.Error, StringComparison.Ordinal);
        await ExecuteAsync(cluster.ConnectionString(), "begin read write; create table still_writable (id int); commit;");
    }

    [Fact]
    public async Task Fence_ReadOnlyMethod_RejectedAsRemoved()
    {
        var outcome = await new PostgresProvider(TimeProvider.System).ExecuteAsync(
            new TestStep().Operation("database.fence", new Dictionary<string, string> { ["host"] = "127.0.0.1", ["port"] = "1", ["database"] = "d", ["user"] = "u", ["password"] = "p" }, new Dictionary<string, string> { ["method"] = "read-only" }),
            CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("'read-only' was removed", outcome.Error, StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
