using Lifeline.Engine.Checkpoints;
using Microsoft.Data.Sqlite;

namespace Lifeline.Engine.Audit;

public sealed partial class SqliteAuditTrail
{
    /// <summary>Stores a signed checkpoint (table <c>audit_checkpoints</c>, append-only); returns it with its id.</summary>
    internal async Task<AuditCheckpoint> AppendCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO audit_checkpoints (seq, head_hash, at, key_id, signature) VALUES ($seq, $head, $at, $key, $signature);
            SELECT last_insert_rowid();
            """;
        command.Parameters.AddWithValue("$seq", checkpoint.Sequence);
        command.Parameters.AddWithValue("$head", checkpoint.HeadHash);
        command.Parameters.AddWithValue("$at", AuditHasher.FormatTime(checkpoint.At));
        command.Parameters.AddWithValue("$key", checkpoint.KeyId);
        command.Parameters.AddWithValue("$signature", checkpoint.Signature);
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return checkpoint with { Id = id };
    }

    /// <summary>Every stored checkpoint, oldest first.</summary>
    public async Task<IReadOnlyList<AuditCheckpoint>> CheckpointsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, seq, head_hash, at, key_id, signature FROM audit_checkpoints ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var checkpoints = new List<AuditCheckpoint>();
        while (await reader.ReadAsync(cancellationToken))
        {
            checkpoints.Add(new AuditCheckpoint(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), AuditHasher.ParseTime(reader.GetString(3)), reader.GetString(4), reader.GetString(5)));
        }

        return checkpoints;
    }

    /// <summary>The stored hash of record <paramref name="sequence"/>, or null when there is no such record.</summary>
    internal async Task<string?> HashAtAsync(long sequence, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT hash FROM audit WHERE seq = $seq";
        command.Parameters.AddWithValue("$seq", sequence);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken) => StateFile.ConnectAsync(_connectionString, cancellationToken);
}
