using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Lifeline.Engine.Audit;

public sealed partial class SqliteAuditTrail
{
    public async IAsyncEnumerable<AuditRecord> ReadAsync(long fromSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SelectColumns + " WHERE seq >= $from ORDER BY seq";
        command.Parameters.AddWithValue("$from", fromSequence);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new AuditRecord(
                reader.GetInt64(0),
                AuditHasher.ParseTime(reader.GetString(1)),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetString(7),
                reader.GetString(8),
                reader.GetString(9));
        }
    }

    public async Task<long> ExportAsync(Stream jsonLines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jsonLines);
        const int FlushAt = 64 * 1024;
        var buffer = new ArrayBufferWriter<byte>(FlushAt * 2);
        await using var json = new Utf8JsonWriter(buffer);
        long count = 0;
        await foreach (var record in ReadAsync(0, cancellationToken))
        {
            JsonSerializer.Serialize(json, record, AuditJson.Default.AuditRecord);
            json.Flush();
            json.Reset();
            buffer.Write("\n"u8);
            count++;
            if (buffer.WrittenCount >= FlushAt)
            {
                await jsonLines.WriteAsync(buffer.WrittenMemory, cancellationToken);
                buffer.ResetWrittenCount();
            }
        }

        await jsonLines.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await jsonLines.FlushAsync(cancellationToken);
        return count;
    }
}
