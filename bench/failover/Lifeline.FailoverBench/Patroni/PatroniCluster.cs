using System.Diagnostics;
using Lifeline.FailoverBench.Processes;
using Lifeline.FailoverBench.Workload;
using Npgsql;

namespace Lifeline.FailoverBench.Patroni;

/// <summary>
/// A fresh two-member Patroni cluster: a single-member etcd and two Patroni nodes (PostgreSQL 15, streaming
/// replication), all on 127.0.0.1 free ports under one directory of its own, run as an unprivileged user.
/// Disposing it stops exactly the processes it started (and PostgreSQL processes of its own data directories) and
/// removes the directory.
/// </summary>
internal sealed class PatroniCluster : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(1) };
    private readonly string _runAs;
    private OwnedProcess? _etcd;

    private PatroniCluster(string directory, string runAs, PatroniSettings settings)
    {
        Directory = directory;
        _runAs = runAs;
        Settings = settings;
        EtcdPeerPort = FreePorts.Next();
        Nodes = [new("node1", FreePorts.Next(), FreePorts.Next(), FreePorts.Next(), Path.Combine(directory, "node1")),
            new("node2", FreePorts.Next(), FreePorts.Next(), FreePorts.Next(), Path.Combine(directory, "node2"))];
    }

    public string Directory { get; }

    public PatroniSettings Settings { get; }

    public int EtcdPeerPort { get; }

    public IReadOnlyList<PatroniNode> Nodes { get; }

    public IReadOnlyList<int> PgPorts => [.. Nodes.Select(n => n.PgPort)];

    /// <summary>The directory of every node's PostgreSQL Unix socket (a partition does not cut it: it is the host's own).</summary>
    public string SocketDirectory => Path.Combine(Directory, "run");

    /// <summary>Starts etcd, node1 (bootstraps and leads), then node2 (base backup, streams); creates the tables.</summary>
    public static async Task<PatroniCluster> StartAsync(string root, string runAs, PatroniSettings settings, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(root, $"{settings.Name}-{Guid.NewGuid():N}"[..32]);
        var cluster = new PatroniCluster(directory, runAs, settings);
        try
        {
            await cluster.StartCoreAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The node whose REST API says it is the primary with the leader lock, if any.</summary>
    public async Task<PatroniNode?> LeaderAsync(CancellationToken cancellationToken)
    {
        foreach (var node in Nodes)
        {
            if (await node.Rest.IsPrimaryAsync(cancellationToken))
            {
                return node;
            }
        }

        return null;
    }

    public PatroniNode Other(PatroniNode node) => Nodes.Single(n => n != node);

    /// <summary>
    /// Loses <paramref name="node"/>'s host: SIGKILL to its Patroni, its postmaster and every child of the postmaster,
    /// in that order and back to back. Returns the timestamp taken just before the first signal (the fault).
    /// </summary>
    public long KillHost(PatroniNode node)
    {
        var postgres = node.PostgresPids();
        var fault = TimeProvider.System.GetTimestamp();
        node.Process?.Signal(ProcessTable.SigKill);
        foreach (var pid in postgres)
        {
            ProcessTable.Signal(pid, ProcessTable.SigKill);
        }

        return fault;
    }

    /// <summary>Waits until both members are up: one primary, and a replica streaming from it (synchronous in sync mode).</summary>
    public async Task<PatroniNode> WaitHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(start) < timeout)
        {
            var leader = await LeaderAsync(cancellationToken);
            if (leader is not null && await Other(leader).Rest.IsReplicaAsync(cancellationToken) && await StreamingAsync(leader, cancellationToken))
            {
                return leader;
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"cluster not healthy after {timeout.TotalSeconds:F0} s\n{Logs()}");
    }

    public string Logs() =>
        string.Join('\n', Nodes.Where(n => n.Process is not null).Select(n => $"--- {n.Name} ({n.Process!.Log})\n{n.Process.LogTail()}"))
        + (_etcd is null ? "" : $"\n--- etcd\n{_etcd.LogTail(5)}");

    /// <summary>Copies the Patroni, PostgreSQL and etcd logs to <paramref name="destination"/> (for a failed trial).</summary>
    public void PreserveLogs(string destination)
    {
        System.IO.Directory.CreateDirectory(destination);
        foreach (var log in System.IO.Directory.EnumerateFiles(Directory, "*.log", SearchOption.AllDirectories))
        {
            var name = Path.GetRelativePath(Directory, log).Replace('/', '-');
            File.Copy(log, Path.Combine(destination, name), overwrite: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var live = Nodes.Where(n => n.Process?.IsAlive == true).ToList();
        await Task.WhenAll(live.Select(n => n.Process!.StopAsync(TimeSpan.FromSeconds(20), timeout.Token)));
        foreach (var node in Nodes)
        {
            // A postmaster whose Patroni was killed (the fault) or did not stop it: its data directory marks it as ours.
            var postgres = node.PostgresPids();
            foreach (var pid in postgres)
            {
                ProcessTable.Signal(pid, ProcessTable.SigKill);
            }

            await ProcessTable.WaitGoneAsync(postgres, TimeSpan.FromSeconds(10), timeout.Token);
        }

        if (_etcd is not null)
        {
            await _etcd.StopAsync(TimeSpan.FromSeconds(10), timeout.Token);
        }

        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var sockets = SocketDirectory;
        var etcdData = Path.Combine(Directory, "etcd");
        foreach (var path in (string[])[Directory, sockets, .. Nodes.Select(n => n.Directory)])
        {
            System.IO.Directory.CreateDirectory(path);
        }

        foreach (var node in Nodes)
        {
            await File.WriteAllTextAsync(node.ConfigFile, PatroniConfig.Render(Path.GetFileName(Directory), node, sockets, Settings), cancellationToken);
        }

        await ChownAsync(cancellationToken);
        // One client URL per node, so cutting a node's etcd port cuts exactly that node's DCS traffic.
        var clientUrls = string.Join(',', Nodes.Select(n => $"http://127.0.0.1:{n.EtcdPort}"));
        var etcdUrl = $"http://127.0.0.1:{Nodes[0].EtcdPort}";
        var peerUrl = $"http://127.0.0.1:{EtcdPeerPort}";
        _etcd = OwnedProcess.Start("etcd", "etcd",
            ["--name", "bench", "--data-dir", etcdData, "--listen-client-urls", clientUrls, "--advertise-client-urls", clientUrls,
                "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl, "--initial-cluster", $"bench={peerUrl}", "--enable-v2=true"],
            etcdData, Path.Combine(Directory, "etcd.log"), _runAs, Directory);
        await WaitUntilAsync(() => EtcdHealthyAsync(etcdUrl, cancellationToken), TimeSpan.FromSeconds(30), "etcd healthy", cancellationToken);

        var first = Nodes[0];
        first.Process = OwnedProcess.Start(first.Name, "patroni", [first.ConfigFile], first.ConfigFile, Path.Combine(first.Directory, "patroni.log"), _runAs, Directory);
        await WaitUntilAsync(() => first.Rest.IsPrimaryAsync(cancellationToken), TimeSpan.FromSeconds(90), $"{first.Name} primary", cancellationToken);
        await Postgres.ExecuteAsync(first.PgPort, Writer.Schema, cancellationToken);

        var second = Nodes[1];
        second.Process = OwnedProcess.Start(second.Name, "patroni", [second.ConfigFile], second.ConfigFile, Path.Combine(second.Directory, "patroni.log"), _runAs, Directory);
        await WaitHealthyAsync(TimeSpan.FromSeconds(90), cancellationToken);
    }

    private async Task<bool> StreamingAsync(PatroniNode leader, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await Postgres.OpenAsync(leader.PgPort, cancellationToken);
            var sql = Settings.Synchronous
                ? "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming' AND sync_state = 'sync'"
                : "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'";
            await using var command = new NpgsqlCommand(sql, connection);
            return (long)(await command.ExecuteScalarAsync(cancellationToken))! >= 1;
        }
        catch (Exception e) when (Postgres.IsTransportFailure(e))
        {
            return false;
        }
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            if (TimeProvider.System.GetElapsedTime(start) > timeout)
            {
                throw new TimeoutException($"{what}: not after {timeout.TotalSeconds:F0} s\n{Logs()}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static async Task<bool> EtcdHealthyAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            var body = await Http.GetStringAsync(new Uri($"{url}/health"), cancellationToken);
            return body.Contains("\"health\":\"true\"", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task ChownAsync(CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("chown") { ArgumentList = { "-R", $"{_runAs}:{_runAs}", Directory }, UseShellExecute = false };
        using var chown = Process.Start(info) ?? throw new InvalidOperationException("chown did not start");
        await chown.WaitForExitAsync(cancellationToken);
        if (chown.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown -R {_runAs} {Directory} failed");
        }
    }
}
