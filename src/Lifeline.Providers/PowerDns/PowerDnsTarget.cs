using System.Globalization;
using System.Net;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.PowerDns;

/// <summary>A PowerDNS authoritative server: its HTTP API, the zone, and its DNS listener for verification.</summary>
internal sealed record PowerDnsTarget(Uri Api, string ApiKey, string Zone, IPEndPoint Dns, string Server)
{
    public static PowerDnsTarget? Read(IReadOnlyDictionary<string, string> settings, out string? error)
    {
        var reader = new InputReader("powerdns", "setting", settings);
        var api = reader.Url("api");
        var key = reader.Required("api-key");
        var zone = reader.Required("zone");
        var dns = reader.Required("dns");
        var server = reader.Text("server", "localhost");
        IPEndPoint? endpoint = null;
        if (reader.Error is null && !IPEndPoint.TryParse(dns, out endpoint))
        {
            reader.Fail($"powerdns: setting 'dns' must be host:port with an IP address, not '{dns}'");
        }

        if (endpoint is { Port: 0 })
        {
            endpoint.Port = 53;
        }

        error = reader.Error;
        return error is null ? new PowerDnsTarget(api, key, zone.EndsWith('.') ? zone : zone + ".", endpoint!, server) : null;
    }

    public string DnsText => $"{Dns.Address}:{Dns.Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A record name relative to the zone, or fully qualified (with or without the final dot).</summary>
    public string Qualify(string name)
    {
        if (name.EndsWith('.'))
        {
            return name.ToLowerInvariant();
        }

        var zoneWithoutDot = Zone.TrimEnd('.');
        return (name == "@" ? Zone
            : name.Equals(zoneWithoutDot, StringComparison.OrdinalIgnoreCase) || name.EndsWith("." + zoneWithoutDot, StringComparison.OrdinalIgnoreCase) ? name + "."
            : $"{name}.{Zone}").ToLowerInvariant();
    }

    public Uri ZoneUrl => new(Api, $"api/v1/servers/{Uri.EscapeDataString(Server)}/zones/{Uri.EscapeDataString(Zone)}");
}
