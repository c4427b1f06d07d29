using System.Security.Cryptography;
using Lifeline.Engine.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Engine.Tests.Audit;

/// <summary>Signed checkpoints over a real trail: written, verified, and tampered with through raw SQL.</summary>
public sealed class AuditCheckpointTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lifeline-checkpoints-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public AuditCheckpointTests() => Directory.CreateDirectory(_directory);

    private string StatePath => Path.Combine(_directory, "state.db");

    [Fact]
    public async Task VerifyAsync_WholeChainRewrittenAfterCheckpoint_IsDetected()
    {
        // Given 10 records, a checkpoint over them, and 5 more records
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await AppendAsync(10);
        await using (var trail = await OpenAsync())
        {
            var (checkpoint, error) = await new AuditCheckpointWriter(trail, _time).WriteAsync(key, CancellationToken.None);
            Assert.Null(error);
            Assert.Equal(10, checkpoint!.Sequence);
        }

        await AppendAsync(5);

        // When record 4 is edited and every hash from it on recomputed, so the chain is self-consistent again
        await RewriteFromAsync(4, "{\"n\":\"nothing happened\"}");

        // Then the chain alone verifies, but the checkpoint exposes the rewrite
        await using var rewritten = await OpenAsync();
        var chain = await rewritten.VerifyAsync(null, CancellationToken.None);
        Assert.True(chain.Ok, chain.Reason);
        var checkpoints = await AuditCheckpointVerifier.VerifyAsync(rewritten, key, CancellationToken.None);
        Assert.False(checkpoints.Ok);
        Assert.Equal(1, checkpoints.FirstBadCheckpoint);
        Assert.Equal("checkpoint 1: record 10's hash differs from the signed head (the trail was rewritten up to it)", checkpoints.Reason);
        Assert.False(AuditVerifyReport.From(chain, checkpoints).Ok);
    }

    [Fact]
    public async Task VerifyAsync_SignatureAltered_IsDetected()
    {
        // Given a checkpoint whose stored signature is replaced by one over another head
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await AppendAsync(3);
        await using (var trail = await OpenAsync())
        {
            await new AuditCheckpointWriter(trail, _time).WriteAsync(key, CancellationToken.None);
        }

        var forged = Convert.ToBase64String(key.SignData(AuditCheckpoint.Payload(2, new string('a', 64), _time.GetUtcNow()), HashAlgorithmName.SHA256));
        await SqlAsync($"DROP TRIGGER audit_checkpoints_no_update; UPDATE audit_checkpoints SET signature = '{forged}'");

        // When verified with the public key
        await using var tampered = await OpenAsync();
        var result = await AuditCheckpointVerifier.VerifyAsync(tampered, PublicOnly(key), CancellationToken.None);

        // Then the signature fails
        Assert.False(result.Ok);
        Assert.True(result.SignaturesChecked);
        Assert.Equal("checkpoint 1: signature does not verify (forged or altered)", result.Reason);
    }

    [Fact]
    public async Task VerifyAsync_SignedByAnotherKey_IsRejected()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await AppendAsync(3);
        await using var trail = await OpenAsync();
        await new AuditCheckpointWriter(trail, _time).WriteAsync(other, CancellationToken.None);

        var result = await AuditCheckpointVerifier.VerifyAsync(trail, key, CancellationToken.None);

        Assert.False(result.Ok);
        Assert.StartsWith($"checkpoint 1 was signed by key {AuditKeys.KeyId(other)[..16]}", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_TailCutOffAfterCheckpoint_IsDetected()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await AppendAsync(6);
        await using (var trail = await OpenAsync())
        {
            await new AuditCheckpointWriter(trail, _time).WriteAsync(key, CancellationToken.None);
        }

        await SqlAsync("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq > 4");

        await using var cut = await OpenAsync();
        Assert.True((await cut.VerifyAsync(null, CancellationToken.None)).Ok);
        var result = await AuditCheckpointVerifier.VerifyAsync(cut, key, CancellationToken.None);
        Assert.Equal("checkpoint 1 covers record 6, which is missing (the trail was truncated)", result.Reason);
    }

    [Fact]
    public async Task VerifyAsync_NoCheckpoints_StillVerifiesTheChain()
    {
        await AppendAsync(5);
        await using var trail = await OpenAsync();

        var chain = await trail.VerifyAsync(null, CancellationToken.None);
        var checkpoints = await AuditCheckpointVerifier.VerifyAsync(trail, null, CancellationToken.None);

        var report = AuditVerifyReport.From(chain, checkpoints);
        Assert.True(report.Ok);
        Assert.Equal(5, report.RecordsChecked);
        Assert.Equal(0, report.Checkpoints.CheckpointsChecked);
    }

    [Fact]
    public async Task WriteAsync_BrokenChain_RefusesToSign()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await AppendAsync(3);
        await SqlAsync("DROP TRIGGER audit_no_update; UPDATE audit SET detail = '{}' WHERE seq = 2");
        await using var trail = await OpenAsync();

        var (checkpoint, error) = await new AuditCheckpointWriter(trail, _time).WriteAsync(key, CancellationToken.None);

        Assert.Null(checkpoint);
        Assert.Equal("audit trail broken: record 2: hash does not match its contents (edited); refusing to sign it", error);
        Assert.Empty(await trail.CheckpointsAsync(CancellationToken.None));
    }

    [Fact]
    public void Generate_KeyPair_PrivateKeyIsOwnerOnlyAndLoadsBack()
    {
        var path = Path.Combine(_directory, "keys", "audit.pem");

        var (publicPath, keyId, error) = AuditKeys.Generate(path);

        Assert.Null(error);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var (privateKey, _) = AuditKeys.Load(path, requirePrivate: true);
        var (publicKey, _) = AuditKeys.Load(publicPath!, requirePrivate: false);
        Assert.Equal(keyId, AuditKeys.KeyId(privateKey!));
        Assert.Equal(keyId, AuditKeys.KeyId(publicKey!));
        Assert.NotNull(AuditKeys.Load(publicPath!, requirePrivate: true).Error);
        Assert.Equal($"{path} exists; refusing to overwrite a key", AuditKeys.Generate(path).Error);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static ECDsa PublicOnly(ECDsa key)
    {
        var copy = ECDsa.Create();
        copy.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        return copy;
    }

    private Task<SqliteAuditTrail> OpenAsync() => SqliteAuditTrail.OpenAsync(StatePath, _time, CancellationToken.None);

    private async Task AppendAsync(int count)
    {
        await using var trail = await OpenAsync();
        for (var i = 0; i < count; i++)
        {
            await trail.AppendAsync(new AuditEntry("tester", "step.succeeded", "run-1", null, "step", $"{{\"n\":{i}}}"), CancellationToken.None);
            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>What someone with write access could do: edit a record and recompute every hash after it.</summary>
    private async Task RewriteFromAsync(long sequence, string detail)
    {
        await using var trail = await OpenAsync();
        var records = await trail.ReadAsync(0, CancellationToken.None).ToListAsync();
        await using var connection = new SqliteConnection($"Data Source={StatePath}");
        await connection.OpenAsync();
        await using (var drop = connection.CreateCommand())
        {
            drop.CommandText = "DROP TRIGGER audit_no_update";
            await drop.ExecuteNonQueryAsync();
        }

        using var hasher = new AuditHasher();
        var previous = records.Single(r => r.Sequence == sequence).PreviousHash;
        foreach (var record in records.Where(r => r.Sequence >= sequence))
        {
            var rewritten = record with { Detail = record.Sequence == sequence ? detail : record.Detail, PreviousHash = previous };
            var hash = hasher.Compute(rewritten);
            await using var update = connection.CreateCommand();
            update.CommandText = "UPDATE audit SET detail = $detail, prev_hash = $prev, hash = $hash WHERE seq = $seq";
            update.Parameters.AddWithValue("$detail", rewritten.Detail);
            update.Parameters.AddWithValue("$prev", previous);
            update.Parameters.AddWithValue("$hash", hash);
            update.Parameters.AddWithValue("$seq", record.Sequence);
            await update.ExecuteNonQueryAsync();
            previous = hash;
        }
    }

    private async Task SqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={StatePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
