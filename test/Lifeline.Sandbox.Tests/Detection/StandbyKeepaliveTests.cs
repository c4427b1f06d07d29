using System.Globalization;
using Lifeline.Engine.Monitoring;
using Npgsql;
using Xunit.Abstractions;

namespace Lifeline.Sandbox.Tests.Detection;

/// <summary>
/// The sandbox's replication settings make a standby's silence mean something: an idle primary's keepalives reach it
/// within every probe interval, and a killed primary's standby reports it at once. Read through the monitor's own
/// postgres probe, as detection reads it.
/// </summary>
public sealed class StandbyKeepaliveTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Standby_IdlePrimary_HearsKeepalivesWithinEveryProbeIntervalAndAKilledPrimaryShowsAsDisconnected()
    {
        // Given a monitored sandbox whose primary takes no writes
        await using var sandbox = await MonitoredSandbox.StartAsync(sync: false, Interval, Window);
        var lsnBefore = await ScalarAsync<string>(sandbox.PrimaryConnection, "select pg_current_wal_lsn()::text");
        var from = TimeProvider.System.GetUtcNow();

        // When the monitor watches it idle for several seconds
        await Task.Delay(Interval * 6);
        var lsnAfter = await ScalarAsync<string>(sandbox.PrimaryConnection, "select pg_current_wal_lsn()::text");

        // Then every observation of the standby says streaming, with its last message (WAL or keepalive) younger than
        // the probe interval, and the monitor found nothing wrong with the settings
        // (a probe the busy host did not answer within its timeout says nothing about the standby, so only answers count)
        var idle = sandbox.Monitor.Window.History("db-replica", "control").Where(o => o.At >= from && o.Healthy).ToList();
        output.WriteLine($"primary WAL {lsnBefore} -> {lsnAfter}; standby: {string.Join(", ", idle.Select(o => $"{o.Field("replication_state")} {o.Field("last_wal_receipt_age_s")}"))} s");
        Assert.True(idle.Count >= 4, $"only {idle.Count} answered observations of the standby");
        Assert.All(idle, o => Assert.Equal("streaming", o.Field("replication_state")));
        Assert.All(idle, o => Assert.True(double.Parse(o.Field("last_wal_receipt_age_s"), CultureInfo.InvariantCulture) < Interval.TotalSeconds, $"last message {o.Field("last_wal_receipt_age_s")} s ago on an idle primary"));
        Assert.Equal("500", idle[^1].Field("wal_receiver_timeout_ms"));
        Assert.DoesNotContain(sandbox.Events, e => e.Kind == MonitorEventKind.Misconfigured);

        // When the primary is killed
        await sandbox.FaultAsync("primary-db");
        var killed = TimeProvider.System.GetUtcNow();
        await Task.Delay(Interval * 3);

        // Then the standby says so: its WAL receiver is disconnected (or has heard nothing since)
        var after = sandbox.Monitor.Window.History("db-replica", "control").Where(o => o.At >= killed + Interval && o.Healthy).ToList();
        output.WriteLine(string.Join("\n", after.Select(o => $"{o.At:HH:mm:ss.fff} {o.Detail} last message {o.Field("last_wal_receipt_age_s")} s ago")));
        Assert.NotEmpty(after);
        Assert.All(after, o => Assert.True(
            o.Field("replication_state") != "streaming" || double.Parse(o.Field("last_wal_receipt_age_s"), CultureInfo.InvariantCulture) >= (o.At - killed).TotalSeconds - 0.5,
            $"standby still streaming with a fresh message {o.Field("last_wal_receipt_age_s")} s ago, {(o.At - killed).TotalSeconds:0.0} s after the kill"));
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
