using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Lifeline.Core.Estates.Sandbox;
using Lifeline.Providers.ProcessService;
using Npgsql;

namespace Lifeline.Sandbox.Environment.Kinds;

/// <summary>
/// A PostgreSQL 15 cluster: the member without replica-of is initdb'd and bootstrapped (database, least-privilege user,
/// replication role, schema); every replica is pg_basebackup'd from the member it names and streams from it, in the same
/// site or across sites, synchronously when it says so. Processes are <c>&lt;component&gt;-&lt;member&gt;</c>.
/// </summary>
internal sealed class PostgresKind : ISandboxKind
{
    public const string Name = "postgres";
    public const string DatabaseUser = "lifeline";

    public string Kind => Name;

    public static string Process(SandboxComponentSpec component, SandboxMemberSpec member) => $"{component.Name}-{member.Name}";

    public static string DataDirectory(SandboxLayout layout, SandboxComponentSpec component, SandboxMemberSpec member) =>
        Path.Combine(layout.Component(component.Name), member.Name);

    public static string SuperuserPasswordFile(SandboxLayout layout, string component) => layout.Secret($"{component}-superuser-password");

    public static string PasswordFile(SandboxLayout layout, string component) => layout.Secret($"{component}-lifeline-password");

    public static string ReplicationPasswordFile(SandboxLayout layout, string component) => layout.Secret($"{component}-replicator-password");

    public static string User(SandboxComponentSpec component) => component.Setting("user") ?? DatabaseUser;

    public string? Check(SandboxComponentSpec component, SandboxTopology topology) =>
        component.Members.Count == 0 ? $"{component.Location}: postgres component '{component.Name}' has no members; expected members: {{ <name>: {{ site: <site> }} }}" : null;

    public IEnumerable<PortNeed> Ports(SandboxComponentSpec component, SandboxTopology topology) =>
        component.Members.Select(m => new PortNeed(Process(component, m), [IPAddress.Loopback]));

    public async Task<string?> PrepareAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(build.Layout.Component(component.Name));
        DetachedProcess.GiveTo(build.Layout.Component(component.Name), build.RunAs);
        foreach (var file in (string[])[SuperuserPasswordFile(build.Layout, component.Name), PasswordFile(build.Layout, component.Name), ReplicationPasswordFile(build.Layout, component.Name)])
        {
            await SandboxSecrets.WriteAsync(file, RandomNumberGenerator.GetHexString(32, lowercase: true), build.RunAs, cancellationToken);
        }

        return null;
    }

    public async Task<string?> StartAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken)
    {
        var layout = build.Layout;
        var postgres = new SandboxPostgres(layout, build.RunAs, build.Time);
        var superuser = SandboxEnvironment.ReadSecret(SuperuserPasswordFile(layout, component.Name));
        var replication = SandboxEnvironment.ReadSecret(ReplicationPasswordFile(layout, component.Name));
        var primary = component.Primary!;
        var primaryData = DataDirectory(layout, component, primary);
        var archiving = string.Concat(PgBackRestKind.Archiving(build.Topology, component).Select(c => PgBackRestKind.ArchiveSettings(layout, c)));
        if (await postgres.InitPrimaryAsync(primaryData, SuperuserPasswordFile(layout, component.Name), cancellationToken, archiving) is { } initError)
        {
            return initError;
        }

        build.Report($"initdb {Process(component, primary)} done");
        var primaryPort = build.Ports[Process(component, primary)];
        var (server, spawnError) = await build.SpawnAsync(Process(component, primary), primary.Site, Name, primaryPort, primaryData, postgres.LaunchSpec(Process(component, primary), primaryData, primaryPort), cancellationToken);
        if (server is null)
        {
            return spawnError;
        }

        if (await postgres.WaitReadyAsync(server, SandboxPostgres.SuperuserConnection(primaryPort, superuser), cancellationToken) is { } readyError)
        {
            return readyError;
        }

        var database = component.Setting("database")!;
        await SandboxPostgres.BootstrapAsync(primaryPort, superuser, database, User(component), SandboxEnvironment.ReadSecret(PasswordFile(layout, component.Name)), replication, cancellationToken);
        build.Report($"{Process(component, primary)} ready: roles, database {database}, tables");
        build.SetReady(component.Name);

        // Replicas in dependency order, so a cascading replica starts after the member it streams from.
        var done = new HashSet<string>(StringComparer.Ordinal) { primary.Name };
        var pending = component.Replicas.ToList();
        while (pending.FirstOrDefault(m => done.Contains(m.ReplicaOf!)) is { } replica)
        {
            pending.Remove(replica);
            if (await StartReplicaAsync(build, postgres, component, replica, superuser, replication, cancellationToken) is { } error)
            {
                return error;
            }

            done.Add(replica.Name);
        }

        var sync = component.Replicas.Where(r => r.ReplicaOf == primary.Name && (r.Sync || build.Options.Sync)).Select(r => r.Name).ToList();
        if (sync.Count > 0)
        {
            await SandboxPostgres.EnableSyncAsync(primaryPort, sync, superuser, cancellationToken);
        }

        return null;
    }

    private static async Task<string?> StartReplicaAsync(
        SandboxBuild build, SandboxPostgres postgres, SandboxComponentSpec component, SandboxMemberSpec replica, string superuser, string replication, CancellationToken cancellationToken)
    {
        var source = component.Members.Single(m => m.Name == replica.ReplicaOf);
        var sourcePort = build.Ports[Process(component, source)];
        var port = build.Ports[Process(component, replica)];
        var data = DataDirectory(build.Layout, component, replica);
        if (await postgres.BaseBackupAsync(sourcePort, data, replica.Name, replication, cancellationToken) is { } backupError)
        {
            return backupError;
        }

        build.Report($"pg_basebackup of {Process(component, replica)} from {Process(component, source)} done");
        var (server, spawnError) = await build.SpawnAsync(Process(component, replica), replica.Site, Name, port, data, postgres.LaunchSpec(Process(component, replica), data, port), cancellationToken);
        if (server is null)
        {
            return spawnError;
        }

        if ((await postgres.WaitReadyAsync(server, SandboxPostgres.SuperuserConnection(port, superuser), cancellationToken)
            ?? await postgres.WaitStreamingAsync(sourcePort, replica.Name, Process(component, replica), superuser, cancellationToken)) is { } error)
        {
            return error;
        }

        var sync = replica.ReplicaOf == component.Primary!.Name && (replica.Sync || build.Options.Sync);
        build.Report($"{Process(component, replica)} streaming from {Process(component, source)} ({(sync ? "synchronous" : "asynchronous")})");
        return null;
    }

    public void Export(SandboxState state, SandboxComponentSpec component, IDictionary<string, string> settings)
    {
        var layout = new SandboxLayout(state.Directory);
        foreach (var member in component.Members)
        {
            settings[SandboxSettings.Key(component.Name, member.Name, "port")] = state.Port(Process(component, member)).ToString(CultureInfo.InvariantCulture);

            // The data directories give the postgres bindings host access, which the fences that hold need (demote, stop, block).
            settings[SandboxSettings.Key(component.Name, member.Name, "data")] = DataDirectory(layout, component, member);
        }

        settings[SandboxSettings.Key(component.Name, "database")] = component.Setting("database")!;
        settings[SandboxSettings.Key(component.Name, "user")] = User(component);
        settings[SandboxSettings.Key(component.Name, "socket-dir")] = layout.Run;
        settings[SandboxSettings.SecretKey(component.Name, "password")] = SandboxEnvironment.ReadSecret(PasswordFile(layout, component.Name));
        // A reprotected member streams from its upstream as the replication role (database.reprotect).
        settings[SandboxSettings.Key(component.Name, "replication-user")] = SandboxPostgres.ReplicationUser;
        settings[SandboxSettings.SecretKey(component.Name, "replication-password")] = SandboxEnvironment.ReadSecret(ReplicationPasswordFile(layout, component.Name));
    }

    public async Task<string?> WaitReadyAsync(SandboxState state, SandboxComponent restarted, TimeProvider time, CancellationToken cancellationToken)
    {
        var owner = ComponentOf(state, restarted.Name);
        var superuser = SandboxEnvironment.ReadSecret(SuperuserPasswordFile(new SandboxLayout(state.Directory), owner.Name));
        return await new SandboxPostgres(new SandboxLayout(state.Directory), state.RunAs, time)
            .WaitReadyAsync(restarted, SandboxPostgres.SuperuserConnection(restarted.Port, superuser), cancellationToken);
    }

    public async Task<(bool Healthy, string Detail)> HealthAsync(SandboxState state, SandboxComponent process, CancellationToken cancellationToken)
    {
        var superuser = SandboxEnvironment.ReadSecret(SuperuserPasswordFile(new SandboxLayout(state.Directory), ComponentOf(state, process.Name).Name));
        return await InRecoveryAsync(process.Port, superuser, cancellationToken) switch
        {
            (true, var recovery, _) => (true, recovery ? "standby" : "primary"),
            (false, _, var error) => (false, error),
        };
    }

    /// <summary>Whether the server answers and whether it is in recovery; never throws for a server that is down.</summary>
    public static async Task<(bool Answered, bool InRecovery, string Error)> InRecoveryAsync(int port, string superuserPassword, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(SandboxPostgres.SuperuserConnection(port, superuserPassword));
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("select pg_is_in_recovery()", connection);
            return (true, (bool)(await command.ExecuteScalarAsync(cancellationToken))!, "");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return (false, false, exception.Message);
        }
    }

    /// <summary>The postgres component a process (<c>&lt;component&gt;-&lt;member&gt;</c>) belongs to.</summary>
    public static SandboxComponentSpec ComponentOf(SandboxState state, string process) =>
        state.Topology.OfKind(Name).First(c => c.Members.Any(m => Process(c, m) == process));

    public static SandboxMemberSpec MemberOf(SandboxComponentSpec component, string process) =>
        component.Members.First(m => Process(component, m) == process);
}
