using System.Text.Json;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Runs;
using Microsoft.Data.Sqlite;

namespace Lifeline.Engine.Checkpoints;

public sealed partial class SqliteRunStore
{
    public async Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        var runs = await QueryAsync(
            "SELECT * FROM runs WHERE id = $id",
            command => command.Parameters.AddWithValue("$id", runId),
            ReadRun,
            cancellationToken);
        return runs.Count == 0 ? null : runs[0];
    }

    public async Task<long> LatestEpochAsync(string estate, string profile, CancellationToken cancellationToken)
    {
        var epochs = await QueryAsync(
            "SELECT COALESCE(MAX(epoch), 0) FROM runs WHERE estate = $estate AND profile = $profile",
            command =>
            {
                command.Parameters.AddWithValue("$estate", estate);
                command.Parameters.AddWithValue("$profile", profile);
            },
            reader => reader.GetInt64(0),
            cancellationToken);
        return epochs[0];
    }

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            "SELECT * FROM runs ORDER BY started_at DESC LIMIT $limit",
            command => command.Parameters.AddWithValue("$limit", limit),
            ReadRun,
            cancellationToken);

    public Task<IReadOnlyList<StepRecord>> GetStepsAsync(string runId, CancellationToken cancellationToken) =>
        QueryAsync(
            "SELECT run_id, step_id, status, attempt, started_at, finished_at, outputs, error FROM steps WHERE run_id = $id",
            command => command.Parameters.AddWithValue("$id", runId),
            reader => new StepRecord(
                reader.GetString(0),
                reader.GetString(1),
                WireName.Parse<StepStatus>(reader.GetString(2)),
                reader.GetInt32(3),
                reader.IsDBNull(4) ? null : Parse(reader.GetString(4)),
                reader.IsDBNull(5) ? null : Parse(reader.GetString(5)),
                JsonSerializer.Deserialize(reader.GetString(6), StoreJson.Default.IReadOnlyDictionaryStringString) ?? new Dictionary<string, string>(),
                reader.IsDBNull(7) ? null : reader.GetString(7)),
            cancellationToken);

    public Task<IReadOnlyList<RunEvent>> GetEventsAsync(string runId, CancellationToken cancellationToken) =>
        GetEventsAsync(runId, 0, cancellationToken);

    public Task<IReadOnlyList<RunEvent>> GetEventsAsync(string runId, int from, CancellationToken cancellationToken) =>
        QueryAsync(
            // OFFSET walks the (run_id, seq) index without materialising the skipped rows.
            "SELECT run_id, at, kind, phase_id, step_id, attempt, message FROM events WHERE run_id = $id ORDER BY seq LIMIT -1 OFFSET $from",
            command =>
            {
                command.Parameters.AddWithValue("$id", runId);
                command.Parameters.AddWithValue("$from", Math.Max(0, from));
            },
            reader => new RunEvent(
                reader.GetString(0),
                Parse(reader.GetString(1)),
                WireName.Parse<RunEventKind>(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetInt32(5),
                reader.GetString(6)),
            cancellationToken);

    public Task<IReadOnlyList<OperatorDecision>> GetDecisionsAsync(string runId, CancellationToken cancellationToken) =>
        QueryAsync(
            "SELECT run_id, step_id, kind, by, reason, automatic, at FROM decisions WHERE run_id = $id ORDER BY seq",
            command => command.Parameters.AddWithValue("$id", runId),
            reader => new OperatorDecision(
                reader.GetString(0),
                reader.GetString(1),
                WireName.Parse<DecisionKind>(reader.GetString(2)),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetInt32(5) != 0,
                Parse(reader.GetString(6))),
            cancellationToken);

    private static RunRecord ReadRun(SqliteDataReader reader) => new(
        reader.GetString(reader.GetOrdinal("id")),
        reader.GetString(reader.GetOrdinal("scenario")),
        reader.GetString(reader.GetOrdinal("estate")),
        WireName.Parse<RunMode>(reader.GetString(reader.GetOrdinal("mode"))),
        reader.GetString(reader.GetOrdinal("profile")),
        WireName.Parse<RunStatus>(reader.GetString(reader.GetOrdinal("status"))),
        Parse(reader.GetString(reader.GetOrdinal("started_at"))),
        Parse(reader.GetString(reader.GetOrdinal("clock_start"))),
        reader.IsDBNull(reader.GetOrdinal("finished_at")) ? null : Parse(reader.GetString(reader.GetOrdinal("finished_at"))),
        reader.GetInt64(reader.GetOrdinal("epoch")),
        reader.GetInt32(reader.GetOrdinal("auto_approve")) != 0,
        reader.GetString(reader.GetOrdinal("started_by")),
        reader.GetString(reader.GetOrdinal("sources")),
        reader.GetString(reader.GetOrdinal("inputs")),
        reader.IsDBNull(reader.GetOrdinal("reason")) ? null : reader.GetString(reader.GetOrdinal("reason")));

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var results = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            results.Add(read(reader));
        }

        return results;
    }
}
