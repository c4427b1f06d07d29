using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Lifeline.Sandbox.Workload;

/// <summary>
/// A client that writes patients through a DNS name at a steady rate, one request at a time, and remembers every
/// acknowledged write and every failure: the ground truth for client downtime and RPO. It resolves like a real client:
/// its own TTL-honouring cache, rotation across A records, and re-resolution after a refused or timed-out connection.
/// </summary>
internal sealed class WorkloadRunner(WorkloadOptions options, TimeProvider time)
{
    private readonly DnsAddressCache _cache = new(time);
    private readonly DnsAddressResolver _resolver = new(options.DnsServer);
    private readonly List<AcknowledgedWrite> _acknowledged = [];
    private readonly List<WorkloadFailure> _failures = [];
    private readonly Lock _lock = new();
    private int _resolutions;

    public WorkloadSnapshot Snapshot()
    {
        lock (_lock)
            return new WorkloadSnapshot([.. _acknowledged], [.. _failures], _resolutions);
    }

    public async Task RunAsync(CancellationToken ct)
    {
        // A fresh connection per request: a dead address costs at most one connect timeout, and no pooled
        // connection outlives a DNS change.
        using var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.Zero,
            UseProxy = false,
            AllowAutoRedirect = false,
        };
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        await using var journal = new WorkloadJournal(options.JournalPath);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / options.RatePerSecond), time);
        var run = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        var sequence = 0L;
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
                await WriteOnceAsync(http, journal, $"workload-{run}-{++sequence}", ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task WriteOnceAsync(HttpClient http, WorkloadJournal journal, string name, CancellationToken ct)
    {
        var address = await AddressAsync(ct);
        if (address.Error is { } dnsError)
        {
            await FailAsync(journal, null, dnsError);
            return;
        }

        using var timeout = new CancellationTokenSource(options.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://{FormatHost(address.Value)}:{options.Port}/patients"))
        {
            Content = JsonContent.Create(new { name }),
        };
        request.Headers.Host = options.HostHeader;
        try
        {
            using var response = await http.SendAsync(request, linked.Token);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                await FailAsync(journal, address.Value, $"HTTP {(int)response.StatusCode}");
                return;
            }

            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(linked.Token), cancellationToken: linked.Token);
            if (!body.RootElement.TryGetProperty("id", out var idElement) || !idElement.TryGetInt64(out var id))
            {
                await FailAsync(journal, address.Value, "201 without a numeric id");
                return;
            }

            var write = new AcknowledgedWrite(id, name, time.GetUtcNow(), address.Value);
            lock (_lock)
                _acknowledged.Add(write);
            await journal.WriteAsync(write);
        }
        catch (HttpRequestException ex)
        {
            if (ex.HttpRequestError == HttpRequestError.ConnectionError || ex.InnerException is SocketException)
                _cache.Forget(options.Host, address.Value);
            await FailAsync(journal, address.Value, $"{ex.HttpRequestError}: {ex.Message}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            _cache.Forget(options.Host, address.Value);
            await FailAsync(journal, address.Value, $"timeout after {options.RequestTimeout.TotalSeconds:0.###} s");
        }
        catch (JsonException ex)
        {
            await FailAsync(journal, address.Value, $"unreadable acknowledgement: {ex.Message}");
        }
    }

    private async Task<(IPAddress Value, string? Error)> AddressAsync(CancellationToken ct)
    {
        if (_cache.TryGet(options.Host, out var cached))
            return (cached, null);

        Interlocked.Increment(ref _resolutions);
        var resolution = await _resolver.ResolveAsync(options.Host, ct);
        if (resolution.Error is { } error)
            return (IPAddress.None, error);
        _cache.Store(options.Host, resolution.Addresses, resolution.Ttl);
        return _cache.TryGet(options.Host, out var fresh) ? (fresh, null) : (resolution.Addresses[0], null);
    }

    private async Task FailAsync(WorkloadJournal journal, IPAddress? address, string error)
    {
        var failure = new WorkloadFailure(time.GetUtcNow(), address, error);
        lock (_lock)
            _failures.Add(failure);
        await journal.WriteAsync(failure);
    }

    private static string FormatHost(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
}
