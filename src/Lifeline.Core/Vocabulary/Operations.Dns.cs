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
             Optional("ttl", ParameterType.Integer, "TTL in seconds (default 60)."),
             Optional("alias-zone", ParameterType.String, "Route 53: make the record an alias of content (a load balancer or CloudFront name) in this hosted zone id; type defaults to A."),
             Optional("evaluate-health", ParameterType.Boolean, "Route 53 alias: answer only while the alias target is healthy (default false)."),
             Optional("set-id", ParameterType.String, "Route 53: the set identifier that tells failover or weighted records of one name apart."),
             Optional("failover", ParameterType.String, "Route 53: primary or secondary (a failover record; needs set-id)."),
             Optional("weight", ParameterType.Integer, "Route 53: weight 0-255 (a weighted record; needs set-id)."),
             Optional("health-check", ParameterType.String, "Route 53: id of the health check that decides whether this record answers.")],
            [Text("name", "The fully qualified record name."),
             Text("content", "The values now answered."),
             Flag("verified", "Whether an authoritative query answered them.")],
            Idempotent: true);

        public static readonly ProbeDescriptor HealthCheck = new(
            "dns.health-check",
            "What a DNS health check's checkers see now: whether the endpoint behind a failover record counts as healthy.",
            [Required("id", ParameterType.String, "The health check id.")],
            [Flag("healthy", "Whether most checkers see the endpoint healthy."),
             Whole("checkers", "Checkers that reported."),
             Whole("healthy_checkers", "Checkers that saw it healthy."),
             Text("status", "The latest checker's status text.")]);

        public static readonly Capability Capability = new("dns", "DNS record sets (plain, alias, failover and weighted), changed and verified at the authoritative server; health checks.", [Upsert], [Resolve, HealthCheck]);
    }
}
