using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Lifeline.Engine.Audit;

public sealed partial class SqliteAuditTrail
{
    private const int ProgressEvery = 65_536;

    /// <summary>
    /// Streams the table once in sequence order (one read snapshot) and stops at the first record that fails, checking
    /// in this order: the sequence follows the last one (else a record was deleted), the previous hash is the last
    /// record's hash (else records were deleted and renumbered, or moved), the hash matches the contents (else edited).
    /// Reads columns as UTF-8 straight from SQLite and hashes them in one reused buffer: no allocation per record.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            // Read pages through a memory map instead of copying them into SQLite's page cache.
            command.CommandText = "PRAGMA mmap_size = 4294967296";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return await Task.Run(() => Verify(connection.Handle!, progress, cancellationToken), cancellationToken);
    }

    private static AuditVerification Verify(sqlite3 db, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var rc = raw.sqlite3_prepare_v2(db, SelectColumns + " ORDER BY seq", out var statement);
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc);
        }

        using (statement)
        {
            using var hasher = new AuditHasher();
            Span<byte> computed = stackalloc byte[AuditHasher.HexLength];
            Span<byte> previous = stackalloc byte[AuditHasher.HexLength];
            Encoding.ASCII.GetBytes(AuditHasher.GenesisHash, previous);
            long good = 0;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                var sequence = raw.sqlite3_column_int64(statement, 0);
                var last = good;
                if (sequence != last + 1)
                {
                    var reason = sequence > last + 1 ? $"sequence gap after {last} (deleted)" : $"record {sequence}: out of sequence after {last}";
                    return AuditVerification.Broken(good, sequence, reason, Encoding.ASCII.GetString(previous));
                }

                if (!raw.sqlite3_column_blob(statement, 8).SequenceEqual(previous))
                {
                    var reason = sequence == 1
                        ? "record 1: previous hash is not the genesis hash (edited)"
                        : $"record {sequence}: previous hash does not match record {last} (deleted or reordered)";
                    return AuditVerification.Broken(good, sequence, reason, Encoding.ASCII.GetString(previous));
                }

                hasher.Begin(sequence);
                for (var column = 1; column <= 8; column++)
                {
                    // An empty span is NULL or ''; only then is the (extra native) type call needed.
                    var value = raw.sqlite3_column_blob(statement, column);
                    hasher.Add(value, !value.IsEmpty || raw.sqlite3_column_type(statement, column) != raw.SQLITE_NULL);
                }

                hasher.Finish(computed);
                var stored = raw.sqlite3_column_blob(statement, 9);
                if (!stored.SequenceEqual(computed))
                {
                    return AuditVerification.Broken(good, sequence, $"record {sequence}: hash does not match its contents (edited)", Encoding.ASCII.GetString(previous));
                }

                computed.CopyTo(previous);
                good++;
                if (good % ProgressEvery == 0)
                {
                    progress?.Report(good);
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            if (rc != raw.SQLITE_DONE)
            {
                throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc);
            }

            progress?.Report(good);
            return AuditVerification.Valid(good, Encoding.ASCII.GetString(previous));
        }
    }
}
