using Lifeline.Engine.Monitoring;
using Npgsql;
using Xunit.Abstractions;

namespace Lifeline.Sandbox.Tests.Detection;

/// <summary>
/// The newest epoch wins, against the real sandbox: a run that promotes the standby and then fails keeps the promoted
/// side as the primary, and the old primary coming back writable is the one fenced.
/// </summary>
public sealed class HalfFinishedFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3);

    private static string EstateDirectory => Path.Combine(AppContext.BaseDirectory, "Detection", "HalfFinishedEstate");

    [Fact]
    public async Task Watchdog_RunFailedAfterPromotion_PromotedSideStaysPrimaryOldPrimaryIsFencedAndAP1SaysHalfFinished()
    {
        // Given an automatic failover whose run promotes the standby and then fails at a validation
        await using var sandbox = await MonitoredSandbox.StartAsync(sync: false, Interval, Window, estateDirectory: EstateDirectory);
        await Task.Delay(Interval * 2);
        await sandbox.FaultAsync("primary-db");
        var finished = await sandbox.WaitForAsync(MonitorEventKind.FailoverFinished, TimeSpan.FromSeconds(90));
        Assert.NotNull(finished);
        Assert.Contains("failed", finished.Message, StringComparison.Ordinal);

        // Then a P1 says the failover is half-finished and names the next action
        var half = await sandbox.WaitForAsync(MonitorEventKind.HalfFinished, TimeSpan.FromSeconds(10));
        Assert.NotNull(half);
        output.WriteLine(half.Message);
        Assert.Contains("promoted db-replica", half.Message, StringComparison.Ordinal);
        Assert.Contains("failed at validate", half.Message, StringComparison.Ordinal);
        Assert.Contains("next: retry", half.Message, StringComparison.Ordinal);
        var incidents = await sandbox.Monitor.Incidents.ListAsync(CancellationToken.None);
        var p1 = Assert.Single(incidents, i => i.Title.StartsWith("Half-finished failover", StringComparison.Ordinal));
        Assert.Equal("P1", p1.Severity);
        Assert.True(await WritesAsync(sandbox.StandbyConnection), "the promoted database must stay writable");

        // When the old primary comes back writable beside the promoted one
        await sandbox.FaultAsync("zombie-primary");

        // Then the watchdog fences the old primary, not the promoted one, and the P1 it raises says the failover is half-finished
        var fenced = await sandbox.WaitForAsync(MonitorEventKind.Fenced, TimeSpan.FromSeconds(30));
        Assert.NotNull(fenced);
        output.WriteLine(fenced.Message);
        Assert.Equal("db-primary", fenced.Resource);
        Assert.Contains("fenced (demote", fenced.Message, StringComparison.Ordinal);
        Assert.Contains("verified", fenced.Message, StringComparison.Ordinal);
        var splitBrain = await sandbox.WaitForAsync(MonitorEventKind.SplitBrain, TimeSpan.FromSeconds(10), e => e.Resource == "db-primary");
        Assert.NotNull(splitBrain);
        Assert.Contains("beside primary db-replica", splitBrain.Message, StringComparison.Ordinal);
        Assert.Contains("half-finished", splitBrain.Message, StringComparison.Ordinal);

        // And a fresh client's BEGIN READ WRITE on the old primary fails, while the promoted one still takes writes
        Assert.False(await WritesAsync(sandbox.PrimaryConnection), "the fenced old primary took a read-write transaction");
        Assert.True(await WritesAsync(sandbox.StandbyConnection), "the promoted database must stay writable");
        await Task.Delay(Interval * 3);
        Assert.DoesNotContain(sandbox.Events, e => e.Kind == MonitorEventKind.Fenced && e.Resource == "db-replica");
    }

    private static async Task<bool> WritesAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("begin read write; create temp table t (id int); insert into t values (1); commit;", connection);
            await command.ExecuteNonQueryAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }
}
