using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>Network access rules (aws-ec2 security groups in production).</summary>
    public static class Firewall
    {
        public static readonly OperationDescriptor RevokeIngress = new(
            "firewall.revoke-ingress",
            "Remove an inbound rule (a port from a CIDR range or from another group), then check that no rule admits that traffic any more. Idempotent: a rule already gone counts as revoked.",
            [Required("port", ParameterType.Integer, "The port, e.g. 443."),
             Optional("protocol", ParameterType.String, "tcp (default), udp or icmp."),
             Optional("cidr", ParameterType.String, "The source range, e.g. 0.0.0.0/0."),
             Optional("source-group", ParameterType.String, "The source security group id, instead of cidr.")],
            [Flag("revoked", "Whether the rule is gone now."),
             Flag("was_present", "Whether the rule existed before."),
             Flag("verified", "Whether the group was read back after the change and admits that traffic no more.")],
            Idempotent: true);

        public static readonly Capability Capability = new("firewall", "Network access rules: close a path, and check it is closed.", [RevokeIngress], []);
    }
}
