using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace Lifeline.Sandbox.Workload;

/// <summary>Asks one DNS server for A records, bypassing DnsClient's own cache (the workload keeps its own).</summary>
internal sealed class DnsAddressResolver(IPEndPoint server)
{
    private readonly LookupClient _client = new(new LookupClientOptions(new NameServer(server))
    {
        UseCache = false,
        Timeout = TimeSpan.FromSeconds(1),
        Retries = 1,
        ThrowDnsErrors = false,
    });

    public async Task<DnsResolution> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.QueryAsync(name, QueryType.A, QueryClass.IN, cancellationToken);
            if (response.HasError)
                return DnsResolution.Failed($"dns {name}: {response.ErrorMessage}");
            var records = response.Answers.OfType<ARecord>().ToList();
            return records.Count == 0
                ? DnsResolution.Failed($"dns {name}: no A records")
                : new DnsResolution(records.Select(r => r.Address).ToList(), TimeSpan.FromSeconds(records.Min(r => r.TimeToLive)), null);
        }
        catch (DnsResponseException ex)
        {
            return DnsResolution.Failed($"dns {name}: {ex.Message}");
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            // DnsClient lets some socket errors through; for the workload that is a failed write like any other.
            return DnsResolution.Failed($"dns {name}: {ex.Message}");
        }
    }
}
