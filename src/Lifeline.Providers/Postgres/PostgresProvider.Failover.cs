using System.Globalization;
using Lifeline.Core.Providers;
using Lifeline.Providers.Inputs;
using Npgsql;

namespace Lifeline.Providers.Postgres;

internal sealed partial class PostgresProvider
{
    /// <summary>
    /// RDS Multi-AZ's forced failover for a self-managed pair: the binding's same-site synchronous standby
    /// (<c>standby-port</c>) becomes the primary. A primary that still answers must be stopped first and its standby must
    /// be synchronous, so every acknowledged write is on the standby and never two primaries take writes; one that does not
    /// answer but still runs (hung) is stopped at once.
    /// </summary>
    private async Task<OperationOutcome> RebootFailoverAsync(PostgresTarget primary, OperationRequest request, CancellationToken cancellationToken)
    {
        var settings = new InputReader("postgres", "setting", request.Settings);
        var standby = primary with
        {
            Host = settings.Text("standby-host", primary.Host),
            Port = settings.Integer("standby-port", 0, 1, 65535),
            DataDirectory = settings.Optional("standby-data-dir"),
        };
        if (settings.Error is { } error || standby.Port == 0)
        {
            return OperationOutcome.Failure(settings.Error ?? "postgres: database.reboot-failover needs setting 'standby-port', the same-site synchronous standby");
        }

        var log = request.Context.Log;
        string? applicationName;
        await using (var connection = await OpenForRoleChangeAsync(standby, request, cancellationToken))
        {
            if (!await ScalarAsync<bool>(connection, "select pg_is_in_recovery()", cancellationToken))
            {
                return await WritablePrimaryAsync(primary, cancellationToken)
                    ? OperationOutcome.Failure($"PostgreSQL at {standby.Endpoint} is a primary and so is {primary.Endpoint}: two writable primaries; fence one before anything else")
                    : FailedOver(primary, standby, "the standby was already promoted");
            }

            await using var command = new NpgsqlCommand("select coalesce((select conninfo from pg_stat_wal_receiver limit 1), '')", connection);
            applicationName = ((string)(await command.ExecuteScalarAsync(cancellationToken))!)
                .Split(' ').Select(p => p.Split('=', 2)).Where(p => p.Length == 2 && p[0] == "application_name").Select(p => p[1]).FirstOrDefault();
        }

        if (await SyncStateAsync(primary, applicationName, cancellationToken) is { } syncState)
        {
            if (syncState != "sync")
            {
                return OperationOutcome.Failure($"the standby at {standby.Endpoint} is {(syncState.Length == 0 ? "not replicating from" : $"{syncState}, not synchronous, with")} the primary at {primary.Endpoint}: a forced failover could lose acknowledged writes");
            }

            if (primary.DataDirectory is null)
            {
                return OperationOutcome.Failure($"the primary at {primary.Endpoint} still answers and the binding has no data-dir to stop it: promoting its standby would make two writable primaries");
            }

            log.Write($"stopping the primary at {primary.Endpoint} (its standby {applicationName} is synchronous: every acknowledged write is there)");
            var (exitCode, output) = await new PostgresHost(primary).PgCtlAsync(["stop", "-m", "fast", "-w", "-t", "60"], cancellationToken);
            if (exitCode != 0)
            {
                return OperationOutcome.Failure($"PostgreSQL at {primary.Endpoint}: pg_ctl stop failed: {output}", transient: true);
            }
        }
        else if (primary.DataDirectory is not null && new PostgresHost(primary).Running() == true)
        {
            log.Write($"the primary at {primary.Endpoint} does not answer but runs: stopping it (immediate)");
            var (exitCode, output) = await new PostgresHost(primary).PgCtlAsync(["stop", "-m", "immediate", "-w", "-t", "30"], cancellationToken);
            if (exitCode != 0)
            {
                return OperationOutcome.Failure($"PostgreSQL at {primary.Endpoint}: pg_ctl stop failed: {output}", transient: true);
            }
        }
        else
        {
            log.Write($"the primary at {primary.Endpoint} is down; its standby replays every WAL record it received before it is promoted");
        }

        var promoted = await PromoteAsync(standby, request, cancellationToken);
        return promoted.Succeeded ? FailedOver(primary, standby, $"promoted the standby at {standby.Endpoint}") : promoted;

        OperationOutcome FailedOver(PostgresTarget from, PostgresTarget to, string what)
        {
            log.Write($"failed over from {from.Endpoint} to {to.Endpoint}: {what}");
            return OperationOutcome.Success(new Dictionary<string, string>
            {
                ["endpoint"] = to.Endpoint,
                ["host"] = to.Host,
                ["port"] = to.Port.ToString(CultureInfo.InvariantCulture),
                ["zone"] = settings.Text("standby-zone", ""),
                ["previous_zone"] = settings.Text("zone", ""),
                ["failed_over_at"] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            });
        }
    }

    /// <summary>The primary's view of the standby (sync, potential, async; empty when it does not stream); null when the primary does not answer.</summary>
    private static async Task<string?> SyncStateAsync(PostgresTarget primary, string? applicationName, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(primary, cancellationToken);
            await using var command = new NpgsqlCommand("select coalesce((select sync_state from pg_stat_replication where application_name = @name and state = 'streaming' limit 1), '')", connection);
            command.Parameters.AddWithValue("name", applicationName ?? "");
            return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (Exception exception) when (PostgresFailure.IsExpected(exception) && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task<bool> WritablePrimaryAsync(PostgresTarget primary, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(primary, cancellationToken);
            return !await ScalarAsync<bool>(connection, "select pg_is_in_recovery()", cancellationToken);
        }
        catch (Exception exception) when (PostgresFailure.IsExpected(exception) && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
