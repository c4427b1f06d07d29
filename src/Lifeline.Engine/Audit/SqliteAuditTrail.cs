using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Lifeline.Engine.Audit;

/// <summary>
/// The audit trail in SQLite (table <c>audit</c>, normally in the run state file), WAL mode. Appends go through one
/// writer that commits whatever is queued in one transaction (group commit) and computes the chain there, so concurrent
/// appenders get consecutive sequences and each record hashes the one committed before it. Each batch re-reads the head
/// inside its write transaction, so two processes appending to one file still build one chain.
/// </summary>
public sealed partial class SqliteAuditTrail : IAuditTrail
{
    private const int MaxBatch = 4096;
    private const string SelectColumns = "SELECT " + AuditSchema.Columns + " FROM audit";
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly SqliteConnection _writer;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _head;
    private readonly AuditHasher _hasher = new();
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writerLoop;

    private SqliteAuditTrail(string connectionString, SqliteConnection writer, TimeProvider time)
    {
        _connectionString = connectionString;
        _writer = writer;
        _time = time;
        _insert = writer.CreateCommand();
        _insert.CommandText = """
            INSERT INTO audit (seq, at, actor, action, run_id, incident_id, step_id, detail, prev_hash, hash)
            VALUES ($seq, $at, $actor, $action, $run, $incident, $step, $detail, $prev, $hash)
            """;
        foreach (var name in new[] { "$seq", "$at", "$actor", "$action", "$run", "$incident", "$step", "$detail", "$prev", "$hash" })
        {
            _insert.Parameters.Add(new SqliteParameter(name, null));
        }

        _head = writer.CreateCommand();
        _head.CommandText = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
        _writerLoop = Task.Run(WriteLoopAsync);
    }

    /// <summary>Opens (creating if needed) the audit table in the SQLite file at <paramref name="path"/>.</summary>
    public static async Task<SqliteAuditTrail> OpenAsync(string path, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var connectionString = Checkpoints.StateFile.ConnectionString(path);
        var writer = new SqliteConnection(connectionString);
        await writer.OpenAsync(cancellationToken);
        await using (var command = writer.CreateCommand())
        {
            command.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;" + AuditSchema.Create;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new SqliteAuditTrail(connectionString, writer, time);
    }

    public Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.Actor);
        ArgumentNullException.ThrowIfNull(entry.Action);
        ArgumentNullException.ThrowIfNull(entry.Detail);
        var pending = new PendingAppend(entry);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqliteAuditTrail));
        }

        // Like the run store: once queued, the record is written even if the caller stops waiting.
        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writerLoop;
        await _insert.DisposeAsync();
        await _head.DisposeAsync();
        await _writer.DisposeAsync();
        _hasher.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>(MaxBatch);
        var records = new AuditRecord[MaxBatch];
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                // BEGIN IMMEDIATE: another process's appender waits for this batch, then reads the new head.
                using var transaction = _writer.BeginTransaction(deferred: false);
                _head.Transaction = transaction;
                var (sequence, previous) = (0L, AuditHasher.GenesisHash);
                using (var reader = _head.ExecuteReader())
                {
                    if (reader.Read())
                    {
                        (sequence, previous) = (reader.GetInt64(0), reader.GetString(1));
                    }
                }

                _insert.Transaction = transaction;
                var p = _insert.Parameters;
                for (var i = 0; i < batch.Count; i++)
                {
                    var entry = batch[i].Entry;
                    var at = _time.GetUtcNow().ToUniversalTime();
                    var atText = AuditHasher.FormatTime(at);
                    sequence++;
                    var hash = _hasher.Compute(sequence, atText, entry.Actor, entry.Action, entry.RunId, entry.IncidentId, entry.StepId, entry.Detail, previous);
                    p[0].Value = sequence;
                    p[1].Value = atText;
                    p[2].Value = entry.Actor;
                    p[3].Value = entry.Action;
                    p[4].Value = (object?)entry.RunId ?? DBNull.Value;
                    p[5].Value = (object?)entry.IncidentId ?? DBNull.Value;
                    p[6].Value = (object?)entry.StepId ?? DBNull.Value;
                    p[7].Value = entry.Detail;
                    p[8].Value = previous;
                    p[9].Value = hash;
                    _insert.ExecuteNonQuery();
                    records[i] = new AuditRecord(sequence, at, entry.Actor, entry.Action, entry.RunId, entry.IncidentId, entry.StepId, entry.Detail, previous, hash);
                    previous = hash;
                }

                transaction.Commit();
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(records[i]);
                    records[i] = null!;
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

    private sealed record PendingAppend(AuditEntry Entry)
    {
        public TaskCompletionSource<AuditRecord> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
