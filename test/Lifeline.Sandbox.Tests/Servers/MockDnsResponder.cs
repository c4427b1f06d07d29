using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Lifeline.Sandbox.Tests.Servers;

/// <summary>
/// A mock authoritative DNS server for tests (the real sandbox runs PowerDNS): answers A queries for one name over UDP on
/// 127.0.0.1 with whatever addresses and TTL the test sets, and counts the queries it receives. It answers on a thread of
/// its own: served from the test host's thread pool, its answers came later than the workload's 1 s DNS timeout while a
/// CI run started many test classes at once.
/// </summary>
internal sealed class MockDnsResponder : IAsyncDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly string _name;
    private readonly Thread _loop;
    private volatile Answer _answer;
    private int _queries;

    public MockDnsResponder(string name, IReadOnlyList<IPAddress> addresses, int ttlSeconds)
    {
        _name = name.TrimEnd('.');
        _answer = new Answer(addresses, ttlSeconds);
        _loop = new Thread(Serve) { IsBackground = true, Name = "mock-dns" };
        _loop.Start();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    public int Queries => Volatile.Read(ref _queries);

    public void SetAnswer(IReadOnlyList<IPAddress> addresses, int ttlSeconds) => _answer = new Answer(addresses, ttlSeconds);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        _loop.Join();
        _stop.Dispose();
    }

    private void Serve()
    {
        var remote = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var query = _udp.Receive(ref remote);
                if (Respond(query) is { } response)
                {
                    Interlocked.Increment(ref _queries);
                    _udp.Send(response, response.Length, remote);
                }
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }

    private byte[]? Respond(byte[] query)
    {
        if (query.Length < 17)
            return null;
        var labels = new List<string>();
        var offset = 12;
        while (offset < query.Length && query[offset] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(query, offset + 1, query[offset]));
            offset += query[offset] + 1;
        }

        var questionEnd = offset + 5; // zero label, QTYPE, QCLASS
        if (questionEnd > query.Length)
            return null;
        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(offset + 1));
        var known = string.Join('.', labels).Equals(_name, StringComparison.OrdinalIgnoreCase);
        var answer = _answer;
        var records = known && type == 1 ? answer.Addresses : [];

        using var response = new MemoryStream();
        response.Write(query.AsSpan(0, 2)); // id
        var flags = (ushort)(0x8400 | (query[2] & 0x01) << 8 | (known ? 0 : 3)); // QR, AA, RD copied, NXDOMAIN if unknown
        Span<byte> header = stackalloc byte[10];
        BinaryPrimitives.WriteUInt16BigEndian(header, flags);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], (ushort)records.Count);
        response.Write(header);
        response.Write(query.AsSpan(12, questionEnd - 12));
        Span<byte> record = stackalloc byte[16];
        foreach (var address in records)
        {
            BinaryPrimitives.WriteUInt16BigEndian(record, 0xC00C); // pointer to the question's name
            BinaryPrimitives.WriteUInt16BigEndian(record[2..], 1); // A
            BinaryPrimitives.WriteUInt16BigEndian(record[4..], 1); // IN
            BinaryPrimitives.WriteInt32BigEndian(record[6..], answer.TtlSeconds);
            BinaryPrimitives.WriteUInt16BigEndian(record[10..], 4);
            address.TryWriteBytes(record[12..], out _);
            response.Write(record);
        }

        return response.ToArray();
    }

    private sealed record Answer(IReadOnlyList<IPAddress> Addresses, int TtlSeconds);
}
