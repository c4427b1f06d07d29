using System.Net;

namespace Lifeline.Sandbox.Workload;

/// <summary>
/// How the workload behaves: it writes patients to <c>http://&lt;A record of Host&gt;:Port/patients</c>, resolving
/// <see cref="Host"/> at <see cref="DnsServer"/> like a real client would.
/// </summary>
internal sealed record WorkloadOptions(string Host, int Port, IPEndPoint DnsServer, string JournalPath)
{
    public double RatePerSecond { get; init; } = 20;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The name without its trailing dot, as HTTP Host headers carry it.</summary>
    public string HostHeader => Host.TrimEnd('.');
}
