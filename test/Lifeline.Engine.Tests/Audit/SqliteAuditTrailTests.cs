using System.Globalization;
using System.Text;
using System.Text.Json;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Secrets;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Engine.Tests.Audit;

public sealed class SqliteAuditTrailTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lifeline-audit-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero));
    private SqliteAuditTrail _trail = null!;

    public async Task InitializeAsync() =>
        _trail = await SqliteAuditTrail.OpenAsync(Path.Combine(_directory, "state.db"), _time, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _trail.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task AppendAsync_ThreeEntries_BuildsChainFromGenesis()
    {
        // Given three entries appended one after another
        var first = await _trail.AppendAsync(new AuditEntry("alice", "run.started", "r1", "INC-1", null, "{}"), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = await _trail.AppendAsync(new AuditEntry("alice", "step.approved", "r1", "INC-1", "fence", "{\"reason\":\"ok\"}"), CancellationToken.None);
        var third = await _trail.AppendAsync(new AuditEntry("bob", "run.aborted", "r1", null, null, "{}"), CancellationToken.None);

        // Then they are numbered from 1, each links to the one before, and each hash covers its contents
        Assert.Equal([1L, 2L, 3L], [first.Sequence, second.Sequence, third.Sequence]);
        Assert.Equal(new string('0', 64), first.PreviousHash);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.Equal(second.Hash, third.PreviousHash);
        Assert.Equal(_time.GetUtcNow(), second.At);
        var hasher = new AuditHasher();
        Assert.All([first, second, third], r => Assert.Equal(r.Hash, hasher.Compute(r)));
        Assert.All([first, second, third], r => Assert.Matches("^[0-9a-f]{64}$", r.Hash));

        // And reading back returns the same records
        var read = new List<AuditRecord>();
        await foreach (var record in _trail.ReadAsync(2, CancellationToken.None))
        {
            read.Add(record);
        }

        Assert.Equal([second, third], read);
        Assert.True((await _trail.VerifyAsync(null, CancellationToken.None)).Ok);
    }

    [Fact]
    public void Compute_FieldBoundaryMoved_GivesDifferentHash()
    {
        // Given two records whose concatenated text is equal but whose fields differ ("ab"+"c" vs "a"+"bc", null vs "")
        var hasher = new AuditHasher();
        var at = AuditHasher.FormatTime(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
        var hashes = new[]
        {
            hasher.Compute(1, at, "ab", "c", null, null, null, "{}", AuditHasher.GenesisHash),
            hasher.Compute(1, at, "a", "bc", null, null, null, "{}", AuditHasher.GenesisHash),
            hasher.Compute(1, at, "a", "bc", "", null, null, "{}", AuditHasher.GenesisHash),
            hasher.Compute(2, at, "a", "bc", "", null, null, "{}", AuditHasher.GenesisHash),
        };

        // Then every encoding is distinct
        Assert.Equal(hashes.Length, hashes.Distinct().Count());
    }

    [Fact]
    public async Task AppendAsync_ManyConcurrentAppenders_ProduceGaplessValidChain()
    {
        // Given 32 tasks appending 500 records each at the same time
        const int Tasks = 32, Each = 500;
        var results = await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            var mine = new List<AuditRecord>();
            for (var i = 0; i < Each; i++)
            {
                mine.Add(await _trail.AppendAsync(new AuditEntry("task-" + t, "tick", null, null, null, "{\"i\":" + i + "}"), CancellationToken.None));
            }

            return mine;
        })));

        // Then the sequences are exactly 1..N, each task saw its own records in order, and the chain verifies
        var all = results.SelectMany(r => r).OrderBy(r => r.Sequence).ToList();
        Assert.Equal(Enumerable.Range(1, Tasks * Each).Select(i => (long)i), all.Select(r => r.Sequence));
        Assert.All(results, mine => Assert.True(mine.Zip(mine.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence)));
        for (var i = 1; i < all.Count; i++)
        {
            Assert.Equal(all[i - 1].Hash, all[i].PreviousHash);
        }

        var verification = await _trail.VerifyAsync(null, CancellationToken.None);
        Assert.True(verification.Ok, verification.Reason);
        Assert.Equal(Tasks * Each, verification.RecordsChecked);
        Assert.Equal(all[^1].Hash, verification.LastHash);
    }

    [Fact]
    public async Task AppendAsync_SecondTrailOnSameFile_ContinuesTheChain()
    {
        // Given a record written by this trail and one by a second trail on the same file (another process)
        await _trail.AppendAsync(new AuditEntry("alice", "one", null, null, null, "{}"), CancellationToken.None);
        await using (var other = await SqliteAuditTrail.OpenAsync(Path.Combine(_directory, "state.db"), _time, CancellationToken.None))
        {
            await other.AppendAsync(new AuditEntry("bob", "two", null, null, null, "{}"), CancellationToken.None);
        }

        // When this trail appends again
        var third = await _trail.AppendAsync(new AuditEntry("alice", "three", null, null, null, "{}"), CancellationToken.None);

        // Then it follows the other's record, and the chain holds
        Assert.Equal(3, third.Sequence);
        Assert.True((await _trail.VerifyAsync(null, CancellationToken.None)).Ok);
    }

    [Fact]
    public async Task ExportAsync_Log_WritesOneJsonLinePerRecordThatRoundTrips()
    {
        // Given 1,000 records, some with nulls, quotes and non-ASCII text
        var appended = new List<AuditRecord>();
        for (var i = 0; i < 1_000; i++)
        {
            var detail = JsonSerializer.Serialize(new Dictionary<string, string> { ["note"] = $"\"quoted\" é {i}" });
            appended.Add(await _trail.AppendAsync(new AuditEntry("op", "note", i % 2 == 0 ? "r" + i : null, null, null, detail), CancellationToken.None));
        }

        // When exported
        using var stream = new MemoryStream();
        var count = await _trail.ExportAsync(stream, CancellationToken.None);

        // Then there is one line per record, each parses back to the same record, and its hash still checks out
        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1_000, count);
        Assert.Equal(1_000, lines.Length);
        var parsed = lines.Select(l => JsonSerializer.Deserialize(l, AuditJson.Default.AuditRecord)!).ToList();
        Assert.Equal(appended, parsed);
        var hasher = new AuditHasher();
        Assert.All(parsed, r => Assert.Equal(r.Hash, hasher.Compute(r)));
        Assert.Contains("\"previous_hash\":", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Create_DetailWithSecret_IsRedacted()
    {
        // Given a registered secret
        var redactor = new Redactor();
        redactor.Register("s3cr3t-value");

        // When entries are created from text and from key/value pairs
        var fromText = AuditEntry.Create("alice", "secret.read", "{\"value\":\"s3cr3t-value\"}", redactor, runId: "r1");
        var fromPairs = AuditEntry.Create("alice", "secret.read", new Dictionary<string, string> { ["value"] = "s3cr3t-value" }, redactor, stepId: "s1");

        // Then neither detail holds the secret
        Assert.Equal("{\"value\":\"***\"}", fromText.Detail);
        Assert.Equal("{\"value\":\"***\"}", fromPairs.Detail);
        Assert.Equal("r1", fromText.RunId);
        Assert.Equal("s1", fromPairs.StepId);
    }

    [Fact]
    public async Task VerifyAsync_EmptyTrail_IsOk()
    {
        var result = await _trail.VerifyAsync(null, CancellationToken.None);

        Assert.True(result.Ok);
        Assert.Equal(0, result.RecordsChecked);
        Assert.Equal(AuditHasher.GenesisHash, result.LastHash);
    }

    [Fact]
    public async Task AppendAsync_HashOfAt_UsesRoundTripUtcText()
    {
        // Given a local-offset clock
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 23, 10, 0, 0, 123, TimeSpan.Zero).AddTicks(4567));

        // When a record is appended
        var record = await _trail.AppendAsync(new AuditEntry("a", "b", null, null, null, "{}"), CancellationToken.None);

        // Then At is UTC to the tick
        Assert.Equal(TimeSpan.Zero, record.At.Offset);
        Assert.Equal("2026-11-23T10:00:00.1234567+00:00", AuditHasher.FormatTime(record.At));
        Assert.Equal(record.At.ToString("O", CultureInfo.InvariantCulture), AuditHasher.FormatTime(record.At));
    }
}
