using System.Net;

namespace Lifeline.Sandbox.Workload;

internal sealed record CachedAddresses(IReadOnlyList<IPAddress> Addresses, DateTimeOffset ExpiresAt);
