using System.Globalization;
using Lifeline.Core.Providers;
using Npgsql;

namespace Lifeline.Providers.Postgres;

internal sealed partial class PostgresProvider
{
    // pg_settings gives each setting in its base unit (ms, s), whatever unit the configuration file used.
    private const string SettingsSql = """
        select pg_is_in_recovery(), current_setting('default_transaction_read_only'),
               (select setting from pg_settings where name = 'wal_receiver_timeout'),
               (select setting from pg_settings where name = 'wal_sender_timeout'),
               (select setting from pg_settings where name = 'wal_receiver_status_interval')
        """;

    private const string PrimaryStatusSql = """
        select coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)), 0)::bigint,
               coalesce(max(extract(epoch from replay_lag)), 0)::float8,
               coalesce(string_agg(application_name || ':' || state || ':' || sync_state, ',' order by application_name), 'none'),
               null::float8,
               extract(epoch from now() - max(reply_time) filter (where state = 'streaming' and (cardinality($1::text[]) = 0 or application_name = any($1::text[]))))::float8
        from pg_stat_replication
        """;

    // A standby's lag in bytes is measured against its upstream's position as the upstream last reported it
    // (latest_end_lsn), not against what this standby happens to have received: after pg_rewind or a receiver restart
    // the receiver's position starts at a segment boundary behind replay, and received minus replayed says nothing of
    // what the primary holds. Unknown (empty) before the upstream has reported, and when replay is past the upstream's
    // position (WAL the upstream does not have).
    private const string StandbyStatusSql = """
        select (select case when r.latest_end_lsn >= pg_last_wal_replay_lsn() then pg_wal_lsn_diff(r.latest_end_lsn, pg_last_wal_replay_lsn()) end
                from pg_stat_wal_receiver r)::bigint,
               case when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
                    else coalesce(extract(epoch from now() - pg_last_xact_replay_timestamp()), 0) end::float8,
               coalesce((select status from pg_stat_wal_receiver), 'disconnected'),
               (select extract(epoch from now() - last_msg_receipt_time) from pg_stat_wal_receiver)::float8,
               null::float8
        """;

    private static Dictionary<string, string> Unreachable() => new()
    {
        ["reachable"] = "false",
        ["writable"] = "false",
        ["in_recovery"] = "",
        ["role"] = "unknown",
        ["lag_bytes"] = "",
        ["lag_seconds"] = "",
        ["replication_state"] = "",
        ["last_wal_receipt_age_s"] = "",
        ["standby_reply_age_s"] = "",
    };

    private static async Task<IReadOnlyDictionary<string, string>> StatusAsync(PostgresTarget target, IStepLog log, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string>
        {
            ["reachable"] = "false",
            ["writable"] = "false",
            ["in_recovery"] = "",
            ["role"] = "unknown",
            ["lag_bytes"] = "",
            ["lag_seconds"] = "",
            ["replication_state"] = "",
            ["last_wal_receipt_age_s"] = "",
            ["wal_receiver_timeout_ms"] = "",
            ["wal_sender_timeout_ms"] = "",
            ["wal_receiver_status_interval_s"] = "",
            ["standby_reply_age_s"] = "",
        };
        try
        {
            await using var connection = await OpenAsync(target, cancellationToken, commandTimeoutSeconds: 5);
            await using (var command = new NpgsqlCommand(SettingsSql, connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                var inRecovery = reader.GetBoolean(0);
                fields["reachable"] = "true";
                fields["in_recovery"] = Bool(inRecovery);
                fields["role"] = inRecovery ? "standby" : "primary";
                fields["writable"] = Bool(!inRecovery && reader.GetString(1) == "off");
                fields["wal_receiver_timeout_ms"] = reader.IsDBNull(2) ? "" : reader.GetString(2);
                fields["wal_sender_timeout_ms"] = reader.IsDBNull(3) ? "" : reader.GetString(3);
                fields["wal_receiver_status_interval_s"] = reader.IsDBNull(4) ? "" : reader.GetString(4);
            }

            await using (var command = StatusCommand(fields["role"] == "primary", target, connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                fields["lag_bytes"] = reader.IsDBNull(0) ? "" : reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
                fields["lag_seconds"] = reader.GetDouble(1).ToString("0.###", CultureInfo.InvariantCulture);
                fields["replication_state"] = reader.GetString(2);
                fields["last_wal_receipt_age_s"] = reader.IsDBNull(3) ? "" : reader.GetDouble(3).ToString("0.###", CultureInfo.InvariantCulture);
                // On a primary: how long ago a streaming standby last answered it (a self-fencing agent's evidence it is not isolated).
                fields["standby_reply_age_s"] = reader.IsDBNull(4) ? "" : reader.GetDouble(4).ToString("0.###", CultureInfo.InvariantCulture);
            }
        }
        catch (Exception exception) when (PostgresFailure.IsExpected(exception) && !cancellationToken.IsCancellationRequested)
        {
            log.Write(PostgresFailure.Describe(target, exception).Message);
        }

        return fields;
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static NpgsqlCommand StatusCommand(bool primary, PostgresTarget target, NpgsqlConnection connection)
    {
        if (!primary)
        {
            return new NpgsqlCommand(StandbyStatusSql, connection);
        }

        var command = new NpgsqlCommand(PrimaryStatusSql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = target.RemoteStandbys.ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        return command;
    }
}
