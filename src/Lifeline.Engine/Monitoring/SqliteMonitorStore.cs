using Lifeline.Engine.Checkpoints;
using Microsoft.Data.Sqlite;

namespace Lifeline.Engine.Monitoring;

/// <summary>
/// What the monitor keeps across restarts, in the shared state file: a health summary per resource and vantage point
/// (the raw observations stay in memory), and the failovers it started, which carry the anti-flapping blocks.
/// </summary>
public sealed class SqliteMonitorStore
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS monitor_health (
            resource TEXT NOT NULL,
            vantage TEXT NOT NULL,
            healthy INTEGER NOT NULL,
            since TEXT NOT NULL,
            last_at TEXT NOT NULL,
            detail TEXT NOT NULL,
            PRIMARY KEY (resource, vantage));
        CREATE TABLE IF NOT EXISTS monitor_failovers (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            estate TEXT NOT NULL,
            scenario TEXT NOT NULL,
            run_id TEXT NOT NULL,
            primary_resource TEXT,
            at TEXT NOT NULL,
            blocked_until TEXT NOT NULL,
            acknowledged_by TEXT,
            acknowledged_at TEXT,
            acknowledge_reason TEXT);
        CREATE TABLE IF NOT EXISTS monitor_stalls (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            estate TEXT NOT NULL,
            vantage TEXT NOT NULL,
            at TEXT NOT NULL,
            seconds REAL NOT NULL,
            message TEXT NOT NULL);
        """;

    /// <summary>How many stalls are kept: enough to see a pattern, bounded so a monitor that runs for months stays small.</summary>
    private const int StallsKept = 1000;

    private readonly string _connectionString;

    private SqliteMonitorStore(string connectionString) => _connectionString = connectionString;

    public static async Task<SqliteMonitorStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var store = new SqliteMonitorStore(StateFile.ConnectionString(path));
        await store.ExecuteAsync(Schema, _ => { }, cancellationToken);
        return store;
    }

    public Task SaveHealthAsync(HealthSummary summary, CancellationToken cancellationToken) =>
        ExecuteAsync(
            """
            INSERT INTO monitor_health (resource, vantage, healthy, since, last_at, detail) VALUES ($resource, $vantage, $healthy, $since, $last, $detail)
            ON CONFLICT (resource, vantage) DO UPDATE SET healthy = excluded.healthy, since = excluded.since, last_at = excluded.last_at, detail = excluded.detail
            """,
            p =>
            {
                p.AddWithValue("$resource", summary.Resource);
                p.AddWithValue("$vantage", summary.Vantage);
                p.AddWithValue("$healthy", summary.Healthy ? 1 : 0);
                p.AddWithValue("$since", SqliteRunStore.Format(summary.Since));
                p.AddWithValue("$last", SqliteRunStore.Format(summary.LastAt));
                p.AddWithValue("$detail", summary.Detail);
            },
            cancellationToken);

    public Task<IReadOnlyList<HealthSummary>> HealthAsync(CancellationToken cancellationToken) =>
        QueryAsync(
            "SELECT resource, vantage, healthy, since, last_at, detail FROM monitor_health ORDER BY resource, vantage",
            _ => { },
            r => new HealthSummary(r.GetString(0), r.GetString(1), r.GetInt64(2) == 1, SqliteRunStore.Parse(r.GetString(3)), SqliteRunStore.Parse(r.GetString(4)), r.GetString(5)),
            cancellationToken);

    public Task RecordStallAsync(string estate, MonitorStall stall, CancellationToken cancellationToken) =>
        ExecuteAsync(
            $"""
            INSERT INTO monitor_stalls (estate, vantage, at, seconds, message) VALUES ($estate, $vantage, $at, $seconds, $message);
            DELETE FROM monitor_stalls WHERE seq <= (SELECT max(seq) FROM monitor_stalls) - {StallsKept};
            """,
            p =>
            {
                p.AddWithValue("$estate", estate);
                p.AddWithValue("$vantage", stall.Vantage);
                p.AddWithValue("$at", SqliteRunStore.Format(stall.At));
                p.AddWithValue("$seconds", stall.Seconds);
                p.AddWithValue("$message", stall.Message);
            },
            cancellationToken);

    /// <summary>The most recent stalls of the monitor watching an estate, newest first.</summary>
    public Task<IReadOnlyList<MonitorStall>> StallsAsync(string estate, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            "SELECT vantage, at, seconds, message FROM monitor_stalls WHERE estate = $estate ORDER BY seq DESC LIMIT $limit",
            p =>
            {
                p.AddWithValue("$estate", estate);
                p.AddWithValue("$limit", limit);
            },
            r => new MonitorStall(r.GetString(0), SqliteRunStore.Parse(r.GetString(1)), r.GetDouble(2), r.GetString(3)),
            cancellationToken);

    public Task RecordFailoverAsync(string estate, string scenario, string runId, string? primary, DateTimeOffset at, DateTimeOffset blockedUntil, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "INSERT INTO monitor_failovers (estate, scenario, run_id, primary_resource, at, blocked_until) VALUES ($estate, $scenario, $run, $primary, $at, $until)",
            p =>
            {
                p.AddWithValue("$estate", estate);
                p.AddWithValue("$scenario", scenario);
                p.AddWithValue("$run", runId);
                p.AddWithValue("$primary", (object?)primary ?? DBNull.Value);
                p.AddWithValue("$at", SqliteRunStore.Format(at));
                p.AddWithValue("$until", SqliteRunStore.Format(blockedUntil));
            },
            cancellationToken);

    public Task<IReadOnlyList<FailoverRecord>> FailoversAsync(string estate, CancellationToken cancellationToken) =>
        QueryAsync(
            "SELECT seq, estate, scenario, run_id, primary_resource, at, blocked_until, acknowledged_by, acknowledged_at, acknowledge_reason FROM monitor_failovers WHERE estate = $estate ORDER BY seq",
            p => p.AddWithValue("$estate", estate),
            r => new FailoverRecord(
                r.GetInt64(0),
                r.GetString(1),
                r.GetString(2),
                r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4),
                SqliteRunStore.Parse(r.GetString(5)),
                SqliteRunStore.Parse(r.GetString(6)),
                r.IsDBNull(7) ? null : r.GetString(7),
                r.IsDBNull(8) ? null : SqliteRunStore.Parse(r.GetString(8)),
                r.IsDBNull(9) ? null : r.GetString(9)),
            cancellationToken);

    /// <summary>Lifts the anti-flapping blocks of a scenario; returns how many were lifted.</summary>
    public async Task<int> AcknowledgeBlocksAsync(string estate, string scenario, string by, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var lifted = 0;
        await ExecuteAsync(
            "UPDATE monitor_failovers SET acknowledged_by = $by, acknowledged_at = $at, acknowledge_reason = $reason WHERE estate = $estate AND scenario = $scenario AND acknowledged_by IS NULL AND blocked_until > $at",
            p =>
            {
                p.AddWithValue("$by", by);
                p.AddWithValue("$at", SqliteRunStore.Format(at));
                p.AddWithValue("$reason", reason);
                p.AddWithValue("$estate", estate);
                p.AddWithValue("$scenario", scenario);
            },
            cancellationToken,
            count => lifted = count);
        return lifted;
    }

    private async Task ExecuteAsync(string sql, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken, Action<int>? affected = null)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command.Parameters);
        var count = await command.ExecuteNonQueryAsync(cancellationToken);
        affected?.Invoke(count);
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Action<SqliteParameterCollection> bind, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken) => StateFile.ConnectAsync(_connectionString, cancellationToken);
}
