namespace Lifeline.Providers.PowerDns;

/// <summary>What an authoritative query answered: sorted values, lowest TTL, response code (or why there was no response).</summary>
internal sealed record DnsAnswer(IReadOnlyList<string> Values, int? Ttl, string ResponseCode, bool Answered)
{
    public string ValuesText => string.Join(',', Values);
}
