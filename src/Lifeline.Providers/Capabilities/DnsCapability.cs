using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Providers.Capabilities;

/// <summary>DNS records (powerdns in the sandbox, aws-route53 in production).</summary>
public static class DnsCapability
{
    public static readonly ProbeDescriptor Resolve = new(
        "dns.resolve",
        "Ask the authoritative server for a record.",
        [Required("name", ParameterType.String, "Record name, relative to the zone or fully qualified."),
         Optional("type", ParameterType.String, "A (default), AAAA or CNAME.")],
        ["answer", "ttl", "rcode"]);

    public static readonly OperationDescriptor Upsert = new(
        "dns.upsert",
        "Create or replace a record set; succeeds only when an authoritative query answers the new value.",
        [Required("name", ParameterType.String, "Record name, relative to the zone or fully qualified."),
         Required("content", ParameterType.String, "Comma-separated values (addresses or one target name)."),
         Optional("type", ParameterType.String, "A (default), AAAA or CNAME."),
         Optional("ttl", ParameterType.Integer, "TTL in seconds (default 60).")],
        ["name", "content", "verified"],
        Idempotent: true);

    public static readonly IReadOnlyList<OperationDescriptor> Operations = [Upsert];

    public static readonly IReadOnlyList<ProbeDescriptor> Probes = [Resolve];
}
