using System.Globalization;
using Lifeline.Providers.ProcessService;
using Npgsql;

namespace Lifeline.Sandbox.Environment;

/// <summary>The sandbox's PostgreSQL 15 servers: an initdb'd primary and pg_basebackup'd streaming replicas.</summary>
internal sealed class SandboxPostgres(SandboxLayout layout, RunAsUser? runAs, TimeProvider time)
{
    public const string Superuser = "postgres";
    public const string ReplicationUser = "replicator";

    /// <summary>Each poll's connect timeout: a slow attempt is simply made again, until <see cref="ReadyTimeout"/>.</summary>
    private const int PollConnectSeconds = 2;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private static string Bin(string tool) => Path.Combine(SandboxPrerequisites.PostgresBin, tool);

    public async Task<string?> InitPrimaryAsync(string dataDirectory, string superuserPasswordFile, CancellationToken cancellationToken, string extraSettings = "")
    {
        var (exitCode, output) = await SandboxCommand.RunAsync(
            Bin("initdb"),
            ["-D", dataDirectory, "-U", Superuser, $"--pwfile={superuserPasswordFile}", "--auth-local=trust", "--auth-host=scram-sha-256",
             "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
            runAs,
            null,
            cancellationToken);
        if (exitCode != 0)
        {
            return $"initdb of the primary failed: {SandboxCommand.LastLine(output)}";
        }

        await File.AppendAllTextAsync(Path.Combine(dataDirectory, "postgresql.conf"), $"""

            # lifeline sandbox
            listen_addresses = '127.0.0.1'
            unix_socket_directories = '{layout.Run}'
            wal_level = replica
            max_wal_senders = 10
            max_replication_slots = 10
            wal_keep_size = '256MB'
            hot_standby = on
            hot_standby_feedback = on
            # The standby answers its primary every second even when idle, so a self-fencing agent at the primary can tell a
            # standby that still replicates (not isolated) from one that went silent.
            wal_receiver_status_interval = 1s
            # pg_rewind needs it to bring a failed-over old primary back as a standby (reprotect).
            wal_log_hints = on
            max_connections = 60
            shared_buffers = '32MB'
            logging_collector = off
            log_line_prefix = '%m [%p] '
            # Who logged in, and who failed to: the access log a security incident's audit-log lookup reads.
            log_connections = on
            # Keepalives reach an idle standby at least every ~0.35 s, so its last-message age means silence (ADR 0010):
            # the WAL receiver pings after wal_receiver_timeout / 2 without a message and the walsender answers at once.
            # (wal_sender_timeout alone would not do: the standby's status reports reset the walsender's own ping clock.)
            wal_receiver_timeout = '500ms'
            wal_receiver_status_interval = '1s'
            # A standby that lost its primary tries again soon, not in 5 s, so a blip does not leave it disconnected.
            wal_retrieve_retry_interval = '250ms'

            """ + extraSettings, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, "pg_hba.conf"), """
            local all all trust
            host all all 127.0.0.1/32 scram-sha-256
            host replication replicator 127.0.0.1/32 scram-sha-256

            """, cancellationToken);
        return null;
    }

    public DetachedProcessSpec LaunchSpec(string name, string dataDirectory, int port) => new(
        Bin("postgres"),
        ["-D", dataDirectory, "-p", port.ToString(CultureInfo.InvariantCulture)],
        new Dictionary<string, string> { ["HOME"] = layout.Home },
        layout.Log(name),
        layout.PidFile(name),
        layout.Root,
        runAs);

    public static string SuperuserConnection(int port, string password, string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = Superuser,
        Password = password,
        Database = database,
        Pooling = false,
        // A server that is already up: on a busy host (a CPU hog beside 4 sandboxes starting) a connection's fork and
        // SCRAM exchange took more than the 2 s the readiness poll allows, and a sandbox failed to start.
        Timeout = 30,
        CommandTimeout = 30,
    }.ConnectionString;

    /// <summary>Polls until the server accepts a connection; fails at once if its process died.</summary>
    public async Task<string?> WaitReadyAsync(SandboxComponent component, string connectionString, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + ReadyTimeout;
        while (true)
        {
            if (!DetachedProcess.IsAlive(component.Pid))
            {
                return $"{component.Name} PostgreSQL on {component.Endpoint} exited during startup: {SandboxCommand.LogTail(component.Launch.LogFile)}";
            }

            try
            {
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Timeout = PollConnectSeconds }.ConnectionString);
                await connection.OpenAsync(cancellationToken);
                return null;
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                if (time.GetUtcNow() >= deadline)
                {
                    return $"{component.Name} PostgreSQL on {component.Endpoint} not ready after {ReadyTimeout.TotalSeconds:0} s: {exception.Message}";
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }
    }

    /// <summary>Roles (least privilege for lifeline: promote, fence, monitor), the database and its tables.</summary>
    public static async Task BootstrapAsync(int port, string superuserPassword, string database, string user, string password, string replicationPassword, CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(SuperuserConnection(port, superuserPassword)))
        {
            await connection.OpenAsync(cancellationToken);
            foreach (var sql in (string[])
                [
                    $"create role {user} login password '{password}'",
                    $"create role {ReplicationUser} replication login password '{replicationPassword}'",
                    $"create database {database} owner {user}",
                    $"grant pg_monitor, pg_signal_backend to {user}",
                    // credential.disable of a leaked login role (ALTER ROLE … NOLOGIN) needs it; it cannot touch superusers.
                    $"alter role {user} createrole",
                    $"grant alter system on parameter default_transaction_read_only to {user}",
                ])
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        // Function privileges live in each database's catalog: grant them where the provider connects.
        await using (var connection = new NpgsqlConnection(SuperuserConnection(port, superuserPassword, database)))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                $"grant execute on function pg_promote(boolean, integer) to {user}; grant execute on function pg_reload_conf() to {user}; " +
                // What pg_rewind reads from its source as a role that is not a superuser (database.reprotect).
                $"grant execute on function pg_ls_dir(text, boolean, boolean) to {user}; grant execute on function pg_stat_file(text, boolean) to {user}; " +
                $"grant execute on function pg_read_binary_file(text) to {user}; grant execute on function pg_read_binary_file(text, bigint, bigint, boolean) to {user}; " +
                // A just-promoted source must checkpoint before pg_rewind, or pg_rewind sees its old timeline (PostgreSQL 15+).
                $"do $$ begin if exists (select from pg_roles where rolname = 'pg_checkpoint') then execute 'grant pg_checkpoint to {user}'; end if; end $$",
                connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var builder = new NpgsqlConnectionStringBuilder(SuperuserConnection(port, superuserPassword, database)) { Username = user, Password = password };
        await using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(SandboxSchema.Sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<string?> BaseBackupAsync(int primaryPort, string dataDirectory, string applicationName, string replicationPassword, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await SandboxCommand.RunAsync(
            Bin("pg_basebackup"),
            ["-h", "127.0.0.1", "-p", primaryPort.ToString(CultureInfo.InvariantCulture), "-U", ReplicationUser, "-D", dataDirectory,
             "-X", "stream", "-c", "fast", "-R", "--no-sync"],
            runAs,
            new Dictionary<string, string> { ["PGPASSWORD"] = replicationPassword, ["HOME"] = layout.Home },
            cancellationToken);
        if (exitCode != 0)
        {
            return $"pg_basebackup from the primary on 127.0.0.1:{primaryPort} failed: {SandboxCommand.LastLine(output)}";
        }

        // -R wrote primary_conninfo; the later line wins and names the standby so synchronous_standby_names can match it.
        await File.AppendAllTextAsync(
            Path.Combine(dataDirectory, "postgresql.auto.conf"),
            $"primary_conninfo = 'host=127.0.0.1 port={primaryPort.ToString(CultureInfo.InvariantCulture)} user={ReplicationUser} password={replicationPassword} application_name={applicationName}'\n",
            cancellationToken);
        File.Delete(Path.Combine(dataDirectory, "postmaster.pid"));
        return null;
    }

    public async Task<string?> WaitStreamingAsync(int primaryPort, string applicationName, string logName, string superuserPassword, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + ReadyTimeout;
        await using var connection = new NpgsqlConnection(SuperuserConnection(primaryPort, superuserPassword));
        await connection.OpenAsync(cancellationToken);
        while (true)
        {
            await using var command = new NpgsqlCommand($"select count(*) from pg_stat_replication where application_name = '{applicationName}' and state = 'streaming'", connection);
            if ((long)(await command.ExecuteScalarAsync(cancellationToken))! > 0)
            {
                return null;
            }

            if (time.GetUtcNow() >= deadline)
            {
                return $"replica {applicationName} did not start streaming within {ReadyTimeout.TotalSeconds:0} s (see {layout.Log(logName)})";
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }
    }

    public static async Task EnableSyncAsync(int primaryPort, IReadOnlyList<string> standbyNames, string superuserPassword, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(SuperuserConnection(primaryPort, superuserPassword));
        await connection.OpenAsync(cancellationToken);
        // FIRST n of n: a commit waits for every synchronous standby, so each of them holds every acknowledged write.
        var names = $"FIRST {standbyNames.Count.ToString(CultureInfo.InvariantCulture)} ({string.Join(", ", standbyNames.Select(n => $"\"{n}\""))})";
        foreach (var sql in (string[])[$"alter system set synchronous_standby_names = '{names}'", "alter system set synchronous_commit = on", "select pg_reload_conf()"])
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
