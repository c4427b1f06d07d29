using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace Lifeline.Providers.PowerDns;

/// <summary>Asks one authoritative server directly, no cache, no recursion: what it answers now.</summary>
internal static class AuthoritativeQuery
{
    public static async Task<DnsAnswer> AskAsync(IPEndPoint server, string name, QueryType type, CancellationToken cancellationToken)
    {
        var client = new LookupClient(new LookupClientOptions(new NameServer(server))
        {
            UseCache = false,
            Recursion = false,
            Timeout = TimeSpan.FromSeconds(2),
            Retries = 0,
            ThrowDnsErrors = false,
            UseTcpFallback = true,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
        });
        try
        {
            var response = await client.QueryAsync(name, type, QueryClass.IN, cancellationToken);
            var records = response.Answers.Where(r => r.RecordType == (ResourceRecordType)type).ToList();
            var values = records.Select(Text).Order(StringComparer.Ordinal).ToList();
            return new DnsAnswer(values, records.Count > 0 ? records.Min(r => r.TimeToLive) : null, Mnemonic((DnsResponseCode)(int)response.Header.ResponseCode), true);
        }
        catch (DnsResponseException exception)
        {
            return new DnsAnswer([], null, exception.Code == DnsResponseCode.ConnectionTimeout ? "TIMEOUT" : Mnemonic(exception.Code), false);
        }
        catch (System.Net.Sockets.SocketException exception)
        {
            // DnsClient lets some socket errors through (its TCP fallback, say); a server that cannot be asked is an
            // answer here, never a crash of the caller (a demo ended with "Transport endpoint is not connected").
            return new DnsAnswer([], null, exception.SocketErrorCode.ToString().ToUpperInvariant(), false);
        }
    }

    /// <summary>The response code as dig and Route 53 spell it (NOERROR, NXDOMAIN, SERVFAIL, REFUSED, …).</summary>
    private static string Mnemonic(DnsResponseCode code) => code switch
    {
        DnsResponseCode.NoError => "NOERROR",
        DnsResponseCode.NotExistentDomain => "NXDOMAIN",
        DnsResponseCode.ServerFailure => "SERVFAIL",
        DnsResponseCode.Refused => "REFUSED",
        DnsResponseCode.FormatError => "FORMERR",
        DnsResponseCode.NotImplemented => "NOTIMP",
        _ => code.ToString().ToUpperInvariant(),
    };

    private static string Text(DnsResourceRecord record) => record switch
    {
        ARecord a => a.Address.ToString(),
        AaaaRecord aaaa => aaaa.Address.ToString(),
        CNameRecord cname => cname.CanonicalName.Value,
        TxtRecord txt => string.Concat(txt.Text),
        _ => record.ToString(),
    };
}
