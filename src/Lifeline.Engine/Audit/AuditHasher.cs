using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lifeline.Engine.Audit;

/// <summary>
/// Computes a record's hash over an unambiguous encoding of its fields, in this order:
/// the ASCII tag <c>lifeline-audit-v1</c>; the sequence as 8 bytes big-endian; then at (ISO 8601 round-trip text, UTC),
/// actor, action, run id, incident id, step id, detail and previous hash, each as one byte (0 = null, 1 = present),
/// then, when present, its UTF-8 length as 4 bytes big-endian and its UTF-8 bytes. Hash = lowercase hex SHA-256.
/// One instance reuses its buffer and hash context and is not thread-safe.
/// </summary>
internal sealed class AuditHasher : IDisposable
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";
    public const int HexLength = 64;
    private static readonly byte[] Tag = "lifeline-audit-v1"u8.ToArray();
    private byte[] _buffer = new byte[4096];
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _length;

    public static string FormatTime(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    /// <summary>The hash <paramref name="record"/> should carry, from its other fields.</summary>
    public string Compute(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Compute(record.Sequence, FormatTime(record.At), record.Actor, record.Action, record.RunId, record.IncidentId, record.StepId, record.Detail, record.PreviousHash);
    }

    public string Compute(long sequence, string at, string actor, string action, string? runId, string? incidentId, string? stepId, string detail, string previousHash)
    {
        Begin(sequence);
        Add(at);
        Add(actor);
        Add(action);
        Add(runId);
        Add(incidentId);
        Add(stepId);
        Add(detail);
        Add(previousHash);
        Span<byte> hex = stackalloc byte[HexLength];
        Finish(hex);
        return Encoding.ASCII.GetString(hex);
    }

    public void Begin(long sequence)
    {
        _length = 0;
        Tag.CopyTo(_buffer, 0);
        _length = Tag.Length;
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_length, 8), sequence);
        _length += 8;
    }

    public void Add(string? value)
    {
        if (value is null)
        {
            Ensure(1);
            _buffer[_length++] = 0;
            return;
        }

        Ensure(5 + Encoding.UTF8.GetMaxByteCount(value.Length));
        var written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + 5));
        _buffer[_length] = 1;
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length + 1, 4), written);
        _length += 5 + written;
    }

    /// <summary>Adds a field already in UTF-8 (as SQLite returns it); <paramref name="present"/> false for NULL.</summary>
    public void Add(ReadOnlySpan<byte> utf8, bool present)
    {
        if (!present)
        {
            Ensure(1);
            _buffer[_length++] = 0;
            return;
        }

        Ensure(5 + utf8.Length);
        _buffer[_length] = 1;
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length + 1, 4), utf8.Length);
        utf8.CopyTo(_buffer.AsSpan(_length + 5));
        _length += 5 + utf8.Length;
    }

    /// <summary>Writes the lowercase hex hash of what was added, as 64 ASCII bytes.</summary>
    public void Finish(Span<byte> hex)
    {
        Span<byte> digest = stackalloc byte[32];
        // One reused hash context: SHA256.HashData sets up a fresh OpenSSL context per call, which costs more than
        // hashing a record.
        _sha256.AppendData(_buffer.AsSpan(0, _length));
        _sha256.GetHashAndReset(digest);
        for (var i = 0; i < digest.Length; i++)
        {
            hex[2 * i] = Nibble(digest[i] >> 4);
            hex[(2 * i) + 1] = Nibble(digest[i] & 0xF);
        }
    }

    public void Dispose() => _sha256.Dispose();

    private static byte Nibble(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);

    private void Ensure(int extra)
    {
        if (_length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
        }
    }
}
