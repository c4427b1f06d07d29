using System.Globalization;
using Lifeline.Core.Providers;
using Lifeline.Providers.Inputs;
using Npgsql;

namespace Lifeline.Providers.Postgres;

/// <summary>
/// <c>database.reprotect</c>: the only way a failed-over old primary comes back. Stopped, rewound with pg_rewind onto the
/// promoted upstream's timeline, and started as a streaming standby of it. Refused unless the upstream is a writable
/// primary, so it can never produce a second one; a member already streaming from the upstream is left as it is.
/// </summary>
internal sealed partial class PostgresProvider
{
    private const string ReceiverSql = "select pg_is_in_recovery(), (select status from pg_stat_wal_receiver), (select sender_port from pg_stat_wal_receiver), (select received_tli from pg_stat_wal_receiver)";

    // The timeline the server writes now (from its current WAL file's name) and the one its control file names.
    private const string TimelinesSql = """
        select ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int, (select timeline_id from pg_control_checkpoint())
        """;

    private async Task<OperationOutcome> ReprotectAsync(PostgresTarget target, OperationRequest request, CancellationToken cancellationToken)
    {
        var inputs = new InputReader("postgres", "input", request.Inputs);
        var wait = inputs.Duration("wait", TimeSpan.FromSeconds(60));
        if (inputs.Error is { } inputError)
        {
            return OperationOutcome.Failure(inputError);
        }

        if (ReadUpstream(target, out var upstreamError) is not { } upstream)
        {
            return OperationOutcome.Failure(upstreamError!);
        }

        if (target.DataDirectory is null)
        {
            return OperationOutcome.Failure($"postgres: reprotect of {target.Endpoint} needs host access, and the binding has no 'data-dir' setting (the server's data directory on this machine); nothing was changed");
        }

        var log = request.Context.Log;
        int timeline;
        await using (var source = await OpenAsync(upstream, cancellationToken))
        {
            if (await ScalarAsync<bool>(source, "select pg_is_in_recovery()", cancellationToken))
            {
                return OperationOutcome.Failure($"postgres: the upstream {upstream.Endpoint} is a standby, not a promoted primary; there is nothing to reprotect {target.Endpoint} onto, and it was not touched");
            }

            var (current, error) = await CheckpointedTimelineAsync(source, upstream, log, cancellationToken);
            if (current is not { } known)
            {
                return OperationOutcome.Failure(error!, transient: true);
            }

            timeline = known;
        }

        if (await FollowingAsync(target, upstream, timeline, cancellationToken) is "streaming")
        {
            log.Write($"PostgreSQL at {target.Endpoint} already streams from {upstream.Endpoint}; nothing to rewind");
            return Reprotected(upstream, "streaming", rewound: false);
        }

        var host = new PostgresHost(target);
        if (await StopForRewindAsync(target, host, log, cancellationToken) is { } stopError)
        {
            return OperationOutcome.Failure(stopError, transient: true);
        }

        // pg_rewind first recovers a server that crashed, in single-user mode, which refuses standby.signal; the server
        // stays stopped until it is rewound and the signal is back.
        File.Delete(Path.Combine(host.DataDirectory, "standby.signal"));
        File.Delete(Path.Combine(host.DataDirectory, "recovery.signal"));
        log.Write($"pg_rewind of {host.DataDirectory} onto {upstream.Endpoint}");
        var sourceServer = $"host={upstream.Host} port={upstream.Port.ToString(CultureInfo.InvariantCulture)} user={target.User} dbname={target.Database}";
        var (rewound, rewindOutput) = await host.ToolAsync(
            "pg_rewind", ["--target-pgdata", host.DataDirectory, "--source-server", sourceServer], new Dictionary<string, string> { ["PGPASSWORD"] = target.Password }, cancellationToken);
        log.Write($"pg_rewind: {LastLine(rewindOutput)}");
        if (rewound != 0)
        {
            if (await host.TouchAsync("standby.signal", cancellationToken) is { } touchError)
            {
                log.Write(touchError);
            }

            return OperationOutcome.Failure($"postgres: pg_rewind of {target.Endpoint} onto {upstream.Endpoint} failed: {LastLine(rewindOutput)}; it stays stopped, with standby.signal");
        }

        // pg_rewind copied the upstream's configuration; what makes this one a standby of the upstream comes last and wins.
        var replicationUser = target.ReplicationUser ?? target.User;
        var replicationPassword = target.ReplicationPassword ?? target.Password;
        await File.AppendAllTextAsync(
            Path.Combine(host.DataDirectory, "postgresql.auto.conf"),
            $"\nprimary_conninfo = 'host={upstream.Host} port={upstream.Port.ToString(CultureInfo.InvariantCulture)} user={replicationUser} password={Quoted(replicationPassword)} application_name={ApplicationName(target)}'\n",
            cancellationToken);
        if (await host.TouchAsync("standby.signal", cancellationToken) is { } signalError)
        {
            return OperationOutcome.Failure($"postgres: reprotect of {target.Endpoint}: {signalError}; it stays stopped");
        }

        var waitSeconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var (started, startOutput) = await host.PgCtlAsync(
            ["start", "-w", "-t", waitSeconds.ToString(CultureInfo.InvariantCulture), "-l", host.RestartLog, "-o", $"-p {target.Port.ToString(CultureInfo.InvariantCulture)}"], cancellationToken);
        if (started != 0)
        {
            return OperationOutcome.Failure($"postgres: {target.Endpoint} was rewound but did not start as a standby: {LastLine(startOutput)} (see {host.RestartLog})", transient: true);
        }

        var deadline = time.GetUtcNow() + wait;
        string? state;
        while ((state = await FollowingAsync(target, upstream, timeline, cancellationToken)) != "streaming")
        {
            if (state == "primary")
            {
                return OperationOutcome.Failure($"postgres: {target.Endpoint} started as a primary after pg_rewind; stop it now (pg_ctl stop -D {host.DataDirectory})");
            }

            if (time.GetUtcNow() >= deadline)
            {
                return OperationOutcome.Failure($"postgres: {target.Endpoint} runs as a standby but does not stream from {upstream.Endpoint} after {waitSeconds} s ({state ?? "unreachable"})", transient: true);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }

        log.Write($"PostgreSQL at {target.Endpoint} rejoined as a streaming standby of {upstream.Endpoint}");
        return Reprotected(upstream, "streaming", rewound: true);
    }

    private static PostgresTarget? ReadUpstream(PostgresTarget target, out string? error)
    {
        error = null;
        var parts = target.Upstream?.Split(':', 2);
        if (parts is not [{ Length: > 0 } upstreamHost, var portText]
            || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = target.Upstream is null
                ? $"postgres: reprotect of {target.Endpoint} needs setting 'upstream' (host:port of the promoted primary it is to follow); nothing was changed"
                : $"postgres: setting 'upstream' is '{target.Upstream}'; expected host:port of the promoted primary, e.g. 10.0.4.12:5432";
            return null;
        }

        return target with { Host = upstreamHost, Port = port, DataDirectory = null };
    }

    /// <summary>
    /// The upstream's current timeline, once its control file names it too. pg_rewind reads the source's timeline from
    /// its control file, which a promoted server updates only at its first checkpoint after promotion (a spread one,
    /// minutes later): until then pg_rewind sees one timeline on both sides, answers "no rewind required", and the old
    /// primary keeps the WAL it wrote past the fork. It then cannot follow the new timeline, and its replay position
    /// is a number on the old one: a switchover that compares it with the new primary's final position could promote
    /// it without the new primary's writes. So a checkpoint first (superuser or pg_checkpoint), as pg_rewind's manual
    /// asks after a promotion.
    /// </summary>
    private static async Task<(int? Timeline, string? Error)> CheckpointedTimelineAsync(NpgsqlConnection source, PostgresTarget upstream, IStepLog log, CancellationToken cancellationToken)
    {
        var (current, control) = await TimelinesAsync(source, cancellationToken);
        if (current == control)
        {
            return (current, null);
        }

        log.Write($"PostgreSQL at {upstream.Endpoint} runs on timeline {current} and its control file still names {control} (no checkpoint since its promotion); checkpointing it before pg_rewind");
        try
        {
            await using var command = new NpgsqlCommand("checkpoint", source);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            return (null, $"postgres: the upstream {upstream.Endpoint} runs on timeline {current} but its control file names {control}, and its CHECKPOINT was refused ({exception.MessageText}); pg_rewind would see no divergence. Run CHECKPOINT on it as a superuser (or grant pg_checkpoint) and retry; nothing was changed");
        }

        (current, control) = await TimelinesAsync(source, cancellationToken);
        return current == control
            ? (current, null)
            : (null, $"postgres: the upstream {upstream.Endpoint} runs on timeline {current} but its control file still names {control} after a checkpoint; nothing was changed");
    }

    private static async Task<(int Current, int Control)> TimelinesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(TimelinesSql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    /// <summary>
    /// streaming when the target is a standby receiving the upstream's current timeline from the upstream's port; else
    /// its state, primary, or null when unreachable. A receiver connected on an older timeline is not following: it
    /// holds WAL of its own past the fork and receives nothing.
    /// </summary>
    private static async Task<string?> FollowingAsync(PostgresTarget target, PostgresTarget upstream, int timeline, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(target, cancellationToken, commandTimeoutSeconds: 5);
            await using var command = new NpgsqlCommand(ReceiverSql, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (!reader.GetBoolean(0))
            {
                return "primary";
            }

            var status = reader.IsDBNull(1) ? "disconnected" : reader.GetString(1);
            if (status == "streaming" && !reader.IsDBNull(3) && reader.GetInt32(3) != timeline)
            {
                return $"standby, receiver streaming timeline {reader.GetInt32(3).ToString(CultureInfo.InvariantCulture)} while the upstream is on {timeline.ToString(CultureInfo.InvariantCulture)}";
            }

            return status == "streaming" && !reader.IsDBNull(2) && reader.GetInt32(2) == upstream.Port ? "streaming" : $"standby, receiver {status}";
        }
        catch (Exception exception) when (PostgresFailure.IsExpected(exception) && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task<string?> StopForRewindAsync(PostgresTarget target, PostgresHost host, IStepLog log, CancellationToken cancellationToken)
    {
        switch (host.Running())
        {
            case true:
                var (exitCode, output) = await host.PgCtlAsync(["stop", "-m", "fast", "-w", "-t", "30"], cancellationToken);
                if (exitCode != 0 && !output.Contains("Is server running?", StringComparison.Ordinal))
                {
                    return $"postgres: pg_ctl stop of {target.Endpoint} before pg_rewind failed: {output}";
                }

                log.Write($"PostgreSQL at {target.Endpoint} stopped for pg_rewind");
                return null;
            case false:
                // A killed postmaster's pid file names a dead process; pg_rewind's crash recovery must not trip on it.
                File.Delete(Path.Combine(host.DataDirectory, "postmaster.pid"));
                log.Write($"PostgreSQL at {target.Endpoint} is not running");
                return null;
            default:
                return $"postgres: could not tell whether the server in {host.DataDirectory} runs (no readable postmaster.pid or no such directory)";
        }
    }

    private static string ApplicationName(PostgresTarget target) =>
        new string([.. Path.GetFileName(Path.TrimEndingDirectorySeparator(target.DataDirectory!)).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);

    private static string Quoted(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);

    private static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";

    private static OperationOutcome Reprotected(PostgresTarget upstream, string state, bool rewound) => OperationOutcome.Success(new Dictionary<string, string>
    {
        ["upstream"] = upstream.Endpoint,
        ["role"] = "standby",
        ["replication_state"] = state,
        ["rewound"] = rewound ? "true" : "false",
    });
}
