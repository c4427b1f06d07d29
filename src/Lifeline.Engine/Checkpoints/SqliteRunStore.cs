using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Runs;
using Microsoft.Data.Sqlite;

namespace Lifeline.Engine.Checkpoints;

/// <summary>
/// The default run store: one SQLite file in WAL mode. Writes go through a single writer that commits whatever is
/// queued in one transaction (group commit), so a thousand parallel steps cost a few commits, not a thousand;
/// each caller's task completes only after its write is committed. WAL with synchronous=NORMAL survives a killed
/// process (the case resume exists for); see docs/adr/0003-sqlite-run-store.md.
/// </summary>
public sealed partial class SqliteRunStore : IRunStore
{
    private const int MaxBatch = 1024;
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writerLoop;
    private readonly SqliteCommand _upsertStep;
    private readonly SqliteCommand _insertEvent;

    private SqliteRunStore(string connectionString, SqliteConnection writer)
    {
        _connectionString = connectionString;
        _writer = writer;
        _upsertStep = writer.CreateCommand();
        _upsertStep.CommandText = """
            INSERT INTO steps (run_id, step_id, status, attempt, started_at, finished_at, outputs, error)
            VALUES ($run, $step, $status, $attempt, $started, $finished, $outputs, $error)
            ON CONFLICT (run_id, step_id) DO UPDATE SET status = excluded.status, attempt = excluded.attempt,
                started_at = excluded.started_at, finished_at = excluded.finished_at, outputs = excluded.outputs, error = excluded.error
            """;
        foreach (var name in new[] { "$run", "$step", "$status", "$attempt", "$started", "$finished", "$outputs", "$error" })
        {
            _upsertStep.Parameters.Add(new SqliteParameter(name, null));
        }

        _insertEvent = writer.CreateCommand();
        _insertEvent.CommandText = """
            INSERT INTO events (run_id, at, kind, phase_id, step_id, attempt, message)
            VALUES ($run, $at, $kind, $phase, $step, $attempt, $message)
            """;
        foreach (var name in new[] { "$run", "$at", "$kind", "$phase", "$step", "$attempt", "$message" })
        {
            _insertEvent.Parameters.Add(new SqliteParameter(name, null));
        }

        _writerLoop = Task.Run(WriteLoopAsync);
    }

    public string Path => new SqliteConnectionStringBuilder(_connectionString).DataSource;

    public static async Task<SqliteRunStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var connectionString = StateFile.ConnectionString(path);
        var writer = new SqliteConnection(connectionString);
        await writer.OpenAsync(cancellationToken);
        await ExecuteAsync(writer, "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;", cancellationToken);
        await ExecuteAsync(writer, SqliteSchema.Create, cancellationToken);
        return new SqliteRunStore(connectionString, writer);
    }

    public IDisposable? TryLockRun(string runId)
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) ?? ".", "locks");
        Directory.CreateDirectory(directory);
        try
        {
            // FileShare.None takes an advisory flock on Linux; the kernel drops it when the process dies.
            return new FileStream(System.IO.Path.Combine(directory, runId + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public Task<long> NextEpochAsync(CancellationToken cancellationToken) =>
        WriteAsync(
            (connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'epoch' RETURNING CAST(value AS INTEGER)";
                return (long)command.ExecuteScalar()!;
            },
            cancellationToken);

    public Task CreateRunAsync(RunRecord run, RunEvent started, CancellationToken cancellationToken) =>
        WriteAsync(
            (connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO runs (id, scenario, estate, mode, profile, status, started_at, clock_start, finished_at, epoch, auto_approve, started_by, sources, inputs, reason)
                    VALUES ($id, $scenario, $estate, $mode, $profile, $status, $started, $clock, NULL, $epoch, $auto, $by, $sources, $inputs, $reason)
                    """;
                command.Parameters.AddWithValue("$id", run.Id);
                command.Parameters.AddWithValue("$scenario", run.Scenario);
                command.Parameters.AddWithValue("$estate", run.EstateName);
                command.Parameters.AddWithValue("$mode", WireName.Of(run.Mode));
                command.Parameters.AddWithValue("$profile", run.Profile);
                command.Parameters.AddWithValue("$status", WireName.Of(run.Status));
                command.Parameters.AddWithValue("$started", Format(run.StartedAt));
                command.Parameters.AddWithValue("$clock", Format(run.ClockStart));
                command.Parameters.AddWithValue("$epoch", run.Epoch);
                command.Parameters.AddWithValue("$auto", run.AutoApprove ? 1 : 0);
                command.Parameters.AddWithValue("$by", run.StartedBy);
                command.Parameters.AddWithValue("$sources", run.Sources);
                command.Parameters.AddWithValue("$inputs", run.Inputs);
                command.Parameters.AddWithValue("$reason", (object?)run.Reason ?? DBNull.Value);
                command.ExecuteNonQuery();
                InsertEvent(transaction, started);
                return 0L;
            },
            cancellationToken);

    public Task UpdateRunAsync(string runId, RunStatus status, DateTimeOffset? finishedAt, string? reason, RunEvent? runEvent, CancellationToken cancellationToken) =>
        WriteAsync(
            (connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "UPDATE runs SET status = $status, finished_at = $finished, reason = COALESCE($reason, reason) WHERE id = $id";
                command.Parameters.AddWithValue("$id", runId);
                command.Parameters.AddWithValue("$status", WireName.Of(status));
                command.Parameters.AddWithValue("$finished", finishedAt is null ? DBNull.Value : Format(finishedAt.Value));
                command.Parameters.AddWithValue("$reason", (object?)reason ?? DBNull.Value);
                command.ExecuteNonQuery();
                if (runEvent is not null)
                {
                    InsertEvent(transaction, runEvent);
                }

                return 0L;
            },
            cancellationToken);

    public Task AppendAsync(StepTransition transition, CancellationToken cancellationToken) =>
        WriteAsync(
            (_, transaction) =>
            {
                var step = transition.Step;
                var p = _upsertStep.Parameters;
                _upsertStep.Transaction = transaction;
                p[0].Value = step.RunId;
                p[1].Value = step.StepId;
                p[2].Value = WireName.Of(step.Status);
                p[3].Value = step.Attempt;
                p[4].Value = step.StartedAt is null ? DBNull.Value : Format(step.StartedAt.Value);
                p[5].Value = step.FinishedAt is null ? DBNull.Value : Format(step.FinishedAt.Value);
                p[6].Value = JsonSerializer.Serialize(step.Outputs, StoreJson.Default.IReadOnlyDictionaryStringString);
                p[7].Value = (object?)step.Error ?? DBNull.Value;
                _upsertStep.ExecuteNonQuery();
                InsertEvent(transaction, transition.Event);
                return 0L;
            },
            cancellationToken);

    public Task AppendEventAsync(RunEvent runEvent, CancellationToken cancellationToken) =>
        WriteAsync(
            (_, transaction) =>
            {
                InsertEvent(transaction, runEvent);
                return 0L;
            },
            cancellationToken);

    public Task RecordDecisionAsync(OperatorDecision decision, RunEvent runEvent, CancellationToken cancellationToken) =>
        WriteAsync(
            (connection, transaction) =>
            {
                InsertDecision(connection, transaction, decision);
                InsertEvent(transaction, runEvent);
                return 0L;
            },
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writerLoop;
        await _upsertStep.DisposeAsync();
        await _insertEvent.DisposeAsync();
        await _writer.DisposeAsync();
    }

    internal static string Format(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    internal static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void InsertDecision(SqliteConnection connection, SqliteTransaction transaction, OperatorDecision decision)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO decisions (run_id, step_id, kind, by, reason, automatic, at)
            VALUES ($run, $step, $kind, $by, $reason, $auto, $at)
            """;
        command.Parameters.AddWithValue("$run", decision.RunId);
        command.Parameters.AddWithValue("$step", decision.StepId);
        command.Parameters.AddWithValue("$kind", WireName.Of(decision.Kind));
        command.Parameters.AddWithValue("$by", decision.By);
        command.Parameters.AddWithValue("$reason", (object?)decision.Reason ?? DBNull.Value);
        command.Parameters.AddWithValue("$auto", decision.Automatic ? 1 : 0);
        command.Parameters.AddWithValue("$at", Format(decision.At));
        command.ExecuteNonQuery();
    }

    private void InsertEvent(SqliteTransaction transaction, RunEvent runEvent)
    {
        var p = _insertEvent.Parameters;
        _insertEvent.Transaction = transaction;
        p[0].Value = runEvent.RunId;
        p[1].Value = Format(runEvent.At);
        p[2].Value = WireName.Of(runEvent.Kind);
        p[3].Value = (object?)runEvent.PhaseId ?? DBNull.Value;
        p[4].Value = (object?)runEvent.StepId ?? DBNull.Value;
        p[5].Value = runEvent.Attempt;
        p[6].Value = runEvent.Message;
        _insertEvent.ExecuteNonQuery();
    }

    private async Task<long> WriteAsync(Func<SqliteConnection, SqliteTransaction, long> apply, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite(apply);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqliteRunStore));
        }

        // The write is not cancelled with the caller: a step that started must be recorded as started.
        return await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                using var transaction = _writer.BeginTransaction();
                var results = new long[batch.Count];
                for (var i = 0; i < batch.Count; i++)
                {
                    results[i] = batch[i].Apply(_writer, transaction);
                }

                transaction.Commit();
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(results[i]);
                }
            }
            catch (Exception ex)
            {
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(ex);
                }
            }
        }
    }

    private sealed record PendingWrite(Func<SqliteConnection, SqliteTransaction, long> Apply)
    {
        public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
