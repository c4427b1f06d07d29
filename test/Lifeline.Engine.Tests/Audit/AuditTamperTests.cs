using Lifeline.Engine.Audit;
using Microsoft.Data.Sqlite;

namespace Lifeline.Engine.Tests.Audit;

/// <summary>
/// Tampering with a 100,000-record log through raw SQL. The append-only triggers must be dropped first, as anyone with
/// write access to the file could; verification must then find and name the first bad record.
/// </summary>
public sealed class AuditTamperTests(AuditLogFixture log) : IClassFixture<AuditLogFixture>
{
    [Fact]
    public async Task VerifyAsync_IntactLog_IsOkWithEveryRecordChecked()
    {
        // Given the untouched log
        await using var trail = await OpenAsync(log.Copy());

        // When it is verified, with progress
        var reported = new List<long>();
        var result = await trail.VerifyAsync(new SyncProgress(reported), CancellationToken.None);

        // Then every record checks out
        Assert.True(result.Ok, result.Reason);
        Assert.Equal(AuditLogFixture.Records, result.RecordsChecked);
        Assert.Null(result.FirstBadSequence);
        Assert.Equal(AuditLogFixture.Records, reported[^1]);
    }

    [Fact]
    public async Task VerifyAsync_DetailEditedBySql_ReportsEditedRecord()
    {
        // Given record 4711's detail changed after dropping the triggers
        var path = log.Copy();
        await SqlAsync(path, "DROP TRIGGER audit_no_update; UPDATE audit SET detail = '{\"n\":0}' WHERE seq = 4711");
        await using var trail = await OpenAsync(path);

        // When verified
        var result = await trail.VerifyAsync(null, CancellationToken.None);

        // Then it is named as edited
        Assert.False(result.Ok);
        Assert.Equal(4711, result.FirstBadSequence);
        Assert.Equal("record 4711: hash does not match its contents (edited)", result.Reason);
        Assert.Equal(4710, result.RecordsChecked);
    }

    [Fact]
    public async Task VerifyAsync_RecordDeletedBySql_ReportsSequenceGap()
    {
        // Given record 4711 deleted
        var path = log.Copy();
        await SqlAsync(path, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 4711");
        await using var trail = await OpenAsync(path);

        // When verified
        var result = await trail.VerifyAsync(null, CancellationToken.None);

        // Then the gap is found where it is
        Assert.False(result.Ok);
        Assert.Equal(4712, result.FirstBadSequence);
        Assert.Equal("sequence gap after 4710 (deleted)", result.Reason);
    }

    [Fact]
    public async Task VerifyAsync_RecordDeletedAndRenumbered_ReportsBrokenLink()
    {
        // Given record 4711 deleted and the rest renumbered to hide the gap
        var path = log.Copy();
        await SqlAsync(path, "DROP TRIGGER audit_no_delete; DROP TRIGGER audit_no_update; DELETE FROM audit WHERE seq = 4711; UPDATE audit SET seq = -(seq - 1) WHERE seq > 4711; UPDATE audit SET seq = -seq WHERE seq < 0");
        await using var trail = await OpenAsync(path);

        // When verified
        var result = await trail.VerifyAsync(null, CancellationToken.None);

        // Then the record now numbered 4711 does not link to 4710
        Assert.False(result.Ok);
        Assert.Equal(4711, result.FirstBadSequence);
        Assert.Equal("record 4711: previous hash does not match record 4710 (deleted or reordered)", result.Reason);
    }

    [Fact]
    public async Task VerifyAsync_TwoRecordsSwapped_ReportsReorderedRecord()
    {
        // Given records 50,000 and 50,001 exchanged (every column but the sequence)
        var path = log.Copy();
        await SqlAsync(path, """
            DROP TRIGGER audit_no_update;
            CREATE TEMP TABLE swap AS SELECT * FROM audit WHERE seq IN (50000, 50001);
            UPDATE audit SET (at, actor, action, run_id, incident_id, step_id, detail, prev_hash, hash) =
                (SELECT at, actor, action, run_id, incident_id, step_id, detail, prev_hash, hash FROM swap WHERE swap.seq = 100001 - audit.seq)
            WHERE seq IN (50000, 50001);
            """);
        await using var trail = await OpenAsync(path);

        // When verified
        var result = await trail.VerifyAsync(null, CancellationToken.None);

        // Then the first moved record is named
        Assert.False(result.Ok);
        Assert.Equal(50000, result.FirstBadSequence);
        Assert.Equal("record 50000: previous hash does not match record 49999 (deleted or reordered)", result.Reason);
    }

    [Fact]
    public async Task UpdateAndDelete_WithTriggers_AreRefused()
    {
        // Given the log with its triggers
        var path = log.Copy();
        await using var trail = await OpenAsync(path);

        // When raw SQL tries to change or remove a record, then SQLite refuses both
        var update = await Assert.ThrowsAsync<SqliteException>(() => SqlAsync(path, "UPDATE audit SET actor = 'mallory' WHERE seq = 1"));
        var delete = await Assert.ThrowsAsync<SqliteException>(() => SqlAsync(path, "DELETE FROM audit WHERE seq = 1"));
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        Assert.True((await trail.VerifyAsync(null, CancellationToken.None)).Ok);
    }

    private static Task<SqliteAuditTrail> OpenAsync(string path) =>
        SqliteAuditTrail.OpenAsync(path, TimeProvider.System, CancellationToken.None);

    private static async Task SqlAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
