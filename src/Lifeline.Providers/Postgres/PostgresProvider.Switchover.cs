using System.Text.RegularExpressions;
using Lifeline.Core.Providers;
using Npgsql;

namespace Lifeline.Providers.Postgres;

/// <summary>
/// A planned switchover loses nothing when the standby is promoted only after it has replayed the fenced primary's last
/// WAL position: every write the old primary acknowledged lies at or before it. The fence reads that position; the
/// promotion waits for it.
/// </summary>
internal sealed partial class PostgresProvider
{
    private const string AfterLsnInput = "after-lsn";

    [GeneratedRegex("^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$")]
    private static partial Regex LsnPattern();

    /// <summary>The fenced member's last WAL position, or empty when it cannot be known (block and advisory leave a primary running).</summary>
    private static async Task<string> LastLsnAsync(PostgresTarget target, FenceMethod method, IStepLog log, CancellationToken cancellationToken)
    {
        try
        {
            return method switch
            {
                FenceMethod.Demote => await StandbyEndAsync(target, cancellationToken),
                FenceMethod.Stop when target.DataDirectory is not null => await CleanShutdownCheckpointAsync(new PostgresHost(target), cancellationToken),
                _ => "",
            };
        }
        catch (Exception exception) when (PostgresFailure.IsExpected(exception) && !cancellationToken.IsCancellationRequested)
        {
            log.Write($"could not read the last WAL position of {target.Endpoint}: {PostgresFailure.Describe(target, exception).Message}");
            return "";
        }
    }

    /// <summary>A demoted server restarts from its shutdown checkpoint, so what it has replayed is the end of its WAL.</summary>
    private static async Task<string> StandbyEndAsync(PostgresTarget target, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(target, cancellationToken, commandTimeoutSeconds: 5);
        await using var command = new NpgsqlCommand(
            "select case when pg_is_in_recovery() then greatest(pg_last_wal_replay_lsn(), pg_last_wal_receive_lsn())::text else '' end", connection);
        return await command.ExecuteScalarAsync(cancellationToken) as string ?? "";
    }

    /// <summary>A cleanly stopped server's last record is its shutdown checkpoint; a crashed one's end is unknown.</summary>
    private static async Task<string> CleanShutdownCheckpointAsync(PostgresHost host, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await host.ToolAsync("pg_controldata", ["-D", host.DataDirectory], null, cancellationToken);
        var lines = output.Split('\n').Select(l => l.Split(':', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        return exitCode == 0 && lines.GetValueOrDefault("Database cluster state") == "shut down"
            ? lines.GetValueOrDefault("Latest checkpoint location") ?? ""
            : "";
    }

    /// <summary>
    /// A primary's current WAL position, for a caller that fenced it by other means (aws-rds closes its security group):
    /// empty when it cannot be read, which a later promotion treats as unknown and refuses.
    /// </summary>
    public async Task<string> CurrentLsnAsync(IReadOnlyDictionary<string, string> settings, IStepLog log, CancellationToken cancellationToken)
    {
        if (PostgresTarget.Read(settings, out var error) is not { } target)
        {
            log.Write($"{error}; the last WAL position is not read");
            return "";
        }

        try
        {
            await using var connection = await OpenAsync(target, cancellationToken, commandTimeoutSeconds: 5);
            await using var command = new NpgsqlCommand("select case when pg_is_in_recovery() then '' else pg_current_wal_lsn()::text end", connection);
            var lsn = await command.ExecuteScalarAsync(cancellationToken) as string ?? "";
            log.Write(lsn.Length > 0 ? $"PostgreSQL at {target.Endpoint} is at WAL position {lsn}" : $"PostgreSQL at {target.Endpoint} is in recovery: no WAL position of its own");
            return lsn;
        }
        catch (Exception exception) when (PostgresFailure.IsExpected(exception) && !cancellationToken.IsCancellationRequested)
        {
            log.Write($"could not read the last WAL position: {PostgresFailure.Describe(target, exception).Message}");
            return "";
        }
    }

    /// <summary>The same wait for a caller that promotes by other means (aws-rds): null when caught up or when there is no after-lsn.</summary>
    public async Task<OperationOutcome?> WaitReplayedAsync(IReadOnlyDictionary<string, string> settings, OperationRequest request, int waitSeconds, CancellationToken cancellationToken)
    {
        if (!request.Inputs.ContainsKey(AfterLsnInput))
        {
            return null;
        }

        if (PostgresTarget.Read(settings, out var error) is not { } target)
        {
            return OperationOutcome.Failure($"{error}; needed to confirm the replica replayed input '{AfterLsnInput}'; not promoted");
        }

        try
        {
            await using var connection = await OpenAsync(target, cancellationToken, commandTimeoutSeconds: 10);
            return await WaitReplayedAsync(connection, target, request, waitSeconds, cancellationToken);
        }
        catch (Exception exception) when (PostgresFailure.IsExpected(exception) && !cancellationToken.IsCancellationRequested)
        {
            var (message, transient) = PostgresFailure.Describe(target, exception);
            return OperationOutcome.Failure($"{message}; could not confirm it replayed input '{AfterLsnInput}'; not promoted", transient);
        }
    }

    /// <summary>Waits until the standby has replayed up to after-lsn; an error when the input is present and empty, malformed or not reached.</summary>
    private async Task<OperationOutcome?> WaitReplayedAsync(NpgsqlConnection connection, PostgresTarget target, OperationRequest request, int waitSeconds, CancellationToken cancellationToken)
    {
        if (!request.Inputs.TryGetValue(AfterLsnInput, out var raw))
        {
            return null;
        }

        var lsn = raw.Trim();
        if (lsn.Length == 0)
        {
            return OperationOutcome.Failure($"postgres: input '{AfterLsnInput}' is empty: the fenced primary's last WAL position is unknown, so promoting {target.Endpoint} could lose acknowledged writes; not promoted");
        }

        if (!LsnPattern().IsMatch(lsn))
        {
            return OperationOutcome.Failure($"postgres: input '{AfterLsnInput}' is '{lsn}'; expected a WAL position such as 0/3000148; not promoted");
        }

        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(waitSeconds);
        await using var command = new NpgsqlCommand("select coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false), coalesce(pg_last_wal_replay_lsn()::text, 'nothing')", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = lsn });
        while (true)
        {
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                if (reader.GetBoolean(0))
                {
                    request.Context.Log.Write($"PostgreSQL at {target.Endpoint} replayed {reader.GetString(1)}, at or past the fenced primary's {lsn}");
                    return null;
                }

                if (time.GetUtcNow() >= deadline)
                {
                    return OperationOutcome.Failure($"PostgreSQL at {target.Endpoint} replayed only {reader.GetString(1)} of the fenced primary's {lsn} within {waitSeconds} s; not promoted", transient: true);
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken);
        }
    }
}
