using System.Net;

namespace Lifeline.Sandbox.Workload;

/// <summary>
/// The client's DNS cache, as browsers and HTTP stacks keep one: an answer is used until its TTL expires, rotating
/// across its A records, and dropped early when a connection to one of its addresses is refused or times out.
/// </summary>
internal sealed class DnsAddressCache(TimeProvider time)
{
    private readonly Dictionary<string, CachedAddresses> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private int _rotation;

    public bool TryGet(string name, out IPAddress address)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(name, out var entry) && time.GetUtcNow() < entry.ExpiresAt && entry.Addresses.Count > 0)
            {
                address = entry.Addresses[(int)((uint)_rotation++ % (uint)entry.Addresses.Count)];
                return true;
            }

            _entries.Remove(name);
            address = IPAddress.None;
            return false;
        }
    }

    public void Store(string name, IReadOnlyList<IPAddress> addresses, TimeSpan ttl)
    {
        lock (_lock)
            _entries[name] = new CachedAddresses(addresses, time.GetUtcNow() + ttl);
    }

    /// <summary>A connection to <paramref name="address"/> failed: forget the answer that gave it, so the next attempt re-resolves.</summary>
    public void Forget(string name, IPAddress address)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(name, out var entry) && entry.Addresses.Contains(address))
                _entries.Remove(name);
        }
    }
}
