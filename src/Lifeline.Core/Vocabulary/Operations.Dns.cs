using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>DNS records (powerdns in the sandbox, aws-route53 in production).</summary>
    public static class Dns
    {
        public static readonly ProbeDescriptor Resolve = new(
            "dns.resolve",
            "Ask the authoritative server for a record.",
            [Required("name", ParameterType.String, "Record name, relative to the zone or fully qualified."),
             Optional("type", ParameterType.String, "A (default), AAAA or CNAME.")],
            [Text("answer", "The answered values, comma-separated and sorted."),
             Whole("ttl", "TTL of the answer in seconds."),
             Text("rcode", "The response code, e.g. NOERROR or NXDOMAIN.")]);

        public static readonly OperationDescriptor Upsert = new(
            "dns.upsert",
            "Create or replace a record set; succeeds only when an authoritative query answers the new value.",
            [Required("name", ParameterType.String, "Record name, relative to the zone or fully qualified."),
             Required("content", ParameterType.String, "Comma-separated values (addresses or one target name)."),
             Optional("type", ParameterType.String, "A (default), AAAA or CNAME."),
             Optional("ttl", ParameterType.Integer, "TTL in seconds (default 60).")],
            [Text("name", "The fully qualified record name."),
             Text("content", "The values now answered."),
             Flag("verified", "Whether an authoritative query answered them.")],
            Idempotent: true);

        public static readonly Capability Capability = new("dns", "DNS record sets, changed and verified at the authoritative server.", [Upsert], [Resolve]);
    }
}
