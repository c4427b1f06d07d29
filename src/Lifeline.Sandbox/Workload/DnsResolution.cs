using System.Net;

namespace Lifeline.Sandbox.Workload;

/// <summary>An answer (addresses and the smallest TTL among them) or, as a value, why there is none.</summary>
internal sealed record DnsResolution(IReadOnlyList<IPAddress> Addresses, TimeSpan Ttl, string? Error)
{
    public static DnsResolution Failed(string error) => new([], TimeSpan.Zero, error);
}
