using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lifeline.Engine.Monitoring;
using Lifeline.Engine.Monitoring.Remote;
using Lifeline.Engine.Secrets;
using Lifeline.Sandbox.Environment;
using Npgsql;
using Xunit.Abstractions;

namespace Lifeline.Sandbox.Tests.Detection;

/// <summary>
/// The primary site partitioned with real nftables rules on loopback, a real self-fencing agent at the primary site, and
/// the monitor on policy auto: exactly one failover, and the old primary never writable beside the promoted one.
/// The sandbox has no Multi-AZ standby here: that standby sits in the primary site, the cut isolates it too, and a
/// primary that waits for it to confirm each commit stops acknowledging writes by itself; "no write on the old primary"
/// would then partly prove the stalled commit instead of the fence.
/// </summary>
public sealed class PartitionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task PartitionSite_PrimaryUnderWriteLoadWithSelfFencingAgent_OneFailoverNoWriteOnOldPrimaryOnceDrWritableAndHealKeepsIt()
    {
        // Given a monitored sandbox on policy auto, with a self-fencing agent at the primary site holding db-primary's lease
        var sandbox = await MonitoredSandbox.StartAsync(sync: false, Interval, Window, listen: true);
        var table = SitePartition.TableName(sandbox.Directory);
        var lines = new ConcurrentQueue<string>();
        using var stopAgent = new CancellationTokenSource();
        var (agent, lease) = await SelfFencingAgentAsync(sandbox, new Uri($"http://{sandbox.AgentEndpoint}/"), lines);
        var agentRun = agent.RunAsync(stopAgent.Token);
        try
        {
            Assert.True(await WaitAsync(() => sandbox.Monitor.Leases.Find("db-primary") is { Held: true }, TimeSpan.FromSeconds(20)), "the agent's lease never reached the control plane");

            // And a primary that commits without waiting for any standby, so only a fence can keep a client out
            Assert.Equal("", await SynchronousStandbyNamesAsync(sandbox.PrimaryConnection));

            // And write load: a client over TCP (cut by the partition) and one over the primary's local socket (not cut),
            // which keeps trying the old primary as a stale client on its host would
            await AcknowledgedWriter.CreateTableAsync(sandbox.PrimaryConnection);
            await using var remote = new AcknowledgedWriter(sandbox.PrimaryConnection, reconnect: true, firstId: 1);
            await using var local = new AcknowledgedWriter(LocalConnection(sandbox), reconnect: true, firstId: 10_000_000);
            remote.Start();
            local.Start();
            await using var established = new NpgsqlConnection(sandbox.PrimaryConnection);
            await established.OpenAsync();
            using var stopPolling = new CancellationTokenSource();
            var writable = FirstWritableAsync(sandbox.StandbyConnection, stopPolling.Token);
            await Task.Delay(Interval * 2);
            Assert.NotEmpty(local.Acknowledged);

            // When the primary site is partitioned: its packets are dropped, in both directions, established or not
            var cut = await sandbox.Manager.PartitionSiteAsync(sandbox.Directory, "primary", CancellationToken.None);
            var cutAt = TimeProvider.System.GetUtcNow();
            Assert.True(cut.Succeeded, cut.Error);
            output.WriteLine(cut.Value);

            // Then an already-connected client hangs (its query times out) instead of being refused
            var hung = TimeProvider.System.GetTimestamp();
            await using (var query = new NpgsqlCommand("select 1", established) { CommandTimeout = 2 })
            {
                await Assert.ThrowsAnyAsync<Exception>(() => query.ExecuteScalarAsync());
            }

            Assert.True(TimeProvider.System.GetElapsedTime(hung) >= TimeSpan.FromSeconds(1.5), "a partitioned connection must hang, not be refused");

            // And exactly one failover happens
            var finished = await sandbox.WaitForAsync(MonitorEventKind.FailoverFinished, TimeSpan.FromSeconds(90));
            Assert.NotNull(finished);
            if (!finished.Message.Contains("succeeded", StringComparison.Ordinal))
            {
                var run = await sandbox.Monitor.RunStore.GetRunAsync(finished.RunId!, CancellationToken.None);
                Assert.Fail($"{finished.Message}: {run?.Reason}\n{string.Join("\n", sandbox.Events.Select(e => $"{e.At:HH:mm:ss.fff} {e.Kind} {e.Message}"))}");
            }

            var writableAt = await writable;
            Assert.NotNull(writableAt);
            output.WriteLine($"cut -> DR writable: {(writableAt.Value - cutAt).TotalSeconds:0.000} s; cut -> run finished: {(finished.At - cutAt).TotalSeconds:0.000} s");
            Assert.True(lease.Fenced, "the isolated agent did not fence its primary");

            // And after the heal, the old primary stays fenced and the promoted database stays the primary
            var heal = await sandbox.Manager.HealSiteAsync(sandbox.Directory, "primary", CancellationToken.None);
            Assert.True(heal.Succeeded, heal.Error);
            await Task.Delay(Interval * 5);
            await stopPolling.CancelAsync();
            await remote.DisposeAsync();
            await local.DisposeAsync();
            Assert.Single(sandbox.Events, e => e.Kind == MonitorEventKind.FailoverStarted);
            var lastLocal = local.Acknowledged.Select(a => a.At).DefaultIfEmpty().Max();
            var lastRemote = remote.Acknowledged.Select(a => a.At).DefaultIfEmpty().Max();
            output.WriteLine($"last write the old primary acknowledged: local socket {(lastLocal - cutAt).TotalSeconds:0.000} s after the cut, TCP {(lastRemote - cutAt).TotalSeconds:0.000} s");
            Assert.DoesNotContain(local.Acknowledged, a => a.At >= writableAt.Value);
            // Over TCP, an acknowledgement can arrive long after its commit: an insert sent just before the cut commits at
            // once, and its reply, dropped by the cut, is retransmitted by the kernel until the heal lets it through (a
            // fresh-clone run under a CPU hog saw one 7 s after the cut, 0.3 s after DR was writable). A request sent
            // before cutAt (taken once the rules are in place) either reached the server before the cut, over loopback at
            // once, or was dropped and could only arrive after the heal, at a fenced server (asserted below): such a write
            // committed before the cut. Any other acknowledgement after
            // DR was writable is a write the old primary took.
            var late = remote.Acknowledged.Where(a => a.At >= writableAt.Value).ToList();
            output.WriteLine($"TCP: {late.Count} acknowledgement(s) after DR was writable, all of inserts sent before the cut: {late.TrueForAll(a => a.SentAt < cutAt)}");
            Assert.DoesNotContain(late, a => a.SentAt >= cutAt);

            // And that was the fence: the client on the primary's host still had writes acknowledged after the cut (no
            // commit waited for a cut-off standby), then kept trying and was turned away once the DR database was writable
            var refused = local.Refused.Where(r => r.At >= writableAt.Value).ToList();
            output.WriteLine($"local socket: {local.Acknowledged.Count(a => a.At >= cutAt)} writes acknowledged after the cut, {refused.Count} refused after DR was writable ({refused.FirstOrDefault().Error})");
            Assert.Contains(local.Acknowledged, a => a.At >= cutAt);
            Assert.NotEmpty(refused);
            Assert.False(await AcceptsWriteAsync(LocalConnection(sandbox)), "the old primary accepts writes after the heal");
            Assert.True(await AcceptsWriteAsync(sandbox.StandbyConnection), "the promoted database is no longer the primary");
            Assert.DoesNotContain(sandbox.Events, e => e.Kind == MonitorEventKind.Fenced);
        }
        finally
        {
            await stopAgent.CancelAsync();
            await agentRun;
            foreach (var line in lines)
            {
                output.WriteLine($"agent: {line}");
            }

            await sandbox.Manager.HealSiteAsync(sandbox.Directory, "primary", CancellationToken.None);
            await sandbox.DisposeAsync();
        }

        // And the partition's table is gone once the sandbox is down
        Assert.Empty(await SitePartition.ChainsAsync(table, CancellationToken.None));
    }

    [Fact]
    public async Task SelfFencingAgent_OnlyControlPlaneLostStandbyStillReplicates_DoesNotFence()
    {
        // Given an idle sandbox whose standby streams from the primary, and an agent holding db-primary's lease whose
        // control plane accepts its connections and never answers (every renewal is lost)
        await using var sandbox = await MonitoredSandbox.StartAsync(sync: false, Interval, Window);
        await AcknowledgedWriter.CreateTableAsync(sandbox.PrimaryConnection);
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var lines = new ConcurrentQueue<string>();
        using var stopAgent = new CancellationTokenSource();
        var (agent, lease) = await SelfFencingAgentAsync(sandbox, new Uri($"http://{silent.LocalEndpoint}/"), lines);

        // When the agent runs for more than two leases without reaching its control plane
        var agentRun = agent.RunAsync(stopAgent.Token);
        await Task.Delay(LeaseTtl * 2 + Interval);
        await stopAgent.CancelAsync();
        await agentRun;
        foreach (var line in lines)
        {
            output.WriteLine($"agent: {line}");
        }

        // Then it saw the standby answer and did not fence: production stays up
        Assert.False(lease.Fenced, "the agent fenced a primary whose standby still replicates");
        Assert.Contains(lines, l => l.Contains("not isolated, not fencing", StringComparison.Ordinal));
        Assert.True(await AcceptsWriteAsync(sandbox.PrimaryConnection), "the primary no longer accepts writes");
    }

    private static async Task<(MonitorAgent Agent, SelfFencingLease Lease)> SelfFencingAgentAsync(MonitoredSandbox sandbox, Uri controlPlane, ConcurrentQueue<string> lines)
    {
        // The agent presents its own credential, bound to its vantage name, as in production.
        string? token = null;
        if (sandbox.AgentCredentials is { } credentials)
        {
            (token, var error) = await credentials.AddAsync("primary-site", CancellationToken.None);
            Assert.True(token is not null, error);
        }

        var variables = sandbox.Variables;
        var (calls, errors) = ProbeCatalog.Build(sandbox.Estate.Estate, "sandbox", MonitoredSandbox.Environment(variables), new Redactor());
        Assert.Empty(errors);
        var primary = calls.Single(c => c.Resource == "db-primary");
        var local = new Dictionary<string, string>(primary.Settings)
        {
            ["host"] = variables["LIFELINE_SANDBOX_PG_SOCKET_DIR"],
            ["data-dir"] = variables["LIFELINE_SANDBOX_PG_PRIMARY_DATA"],
        };
        var progress = new SynchronousProgress(lines);
        var lease = new SelfFencingLease(MonitoredSandbox.Providers, new SelfFencingOptions(primary with { Settings = local }, LeaseTtl, "stop"), TimeProvider.System, progress);
        var prober = new Prober(MonitoredSandbox.Providers, calls, "primary-site", Interval * 0.8, TimeProvider.System);
        var agent = new MonitorAgent(prober, controlPlane, token, Interval, TimeProvider.System, progress)
        {
            Lease = lease,
            Source = IPAddress.Parse(variables["LIFELINE_SANDBOX_PRIMARY_SITE_ADDRESS"]),
        };
        return (agent, lease);
    }

    private static string LocalConnection(MonitoredSandbox sandbox) => new NpgsqlConnectionStringBuilder(sandbox.PrimaryConnection)
    {
        Host = sandbox.Variables["LIFELINE_SANDBOX_PG_SOCKET_DIR"],
    }.ConnectionString;

    private static async Task<string> SynchronousStandbyNamesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("show synchronous_standby_names", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<bool> AcceptsWriteAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"begin read write; insert into {AcknowledgedWriter.Table} (id) values ({Random.Shared.NextInt64(100_000_000, 200_000_000).ToString(CultureInfo.InvariantCulture)}); commit", connection);
            await command.ExecuteNonQueryAsync();
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task<DateTimeOffset?> FirstWritableAsync(string connectionString, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("select not pg_is_in_recovery()", connection);
                if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
                {
                    return TimeProvider.System.GetUtcNow();
                }

                await Task.Delay(20, cancellationToken);
            }
            catch (NpgsqlException)
            {
                // Not reachable this instant; ask again.
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        return null;
    }

    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan limit)
    {
        var deadline = TimeProvider.System.GetUtcNow() + limit;
        while (!condition())
        {
            if (TimeProvider.System.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    private sealed class SynchronousProgress(ConcurrentQueue<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Enqueue($"{TimeProvider.System.GetUtcNow():HH:mm:ss.fff} {value}");
    }
}
