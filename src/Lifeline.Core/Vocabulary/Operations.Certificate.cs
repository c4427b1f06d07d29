using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>Managed TLS certificates (aws-acm in production): is the DR region's certificate issued and in date.</summary>
    public static class Certificate
    {
        public static readonly ProbeDescriptor Status = new(
            "certificate.status",
            "A managed certificate's status and expiry.",
            [],
            [Text("status", "ISSUED, PENDING_VALIDATION, EXPIRED, REVOKED, FAILED, …"),
             Text("domain", "Its domain name."),
             Text("not_after", "When it expires (ISO 8601); empty when not issued."),
             Whole("days_left", "Whole days until it expires; negative when expired; empty when not issued."),
             Flag("in_use", "Whether a load balancer or distribution uses it.")]);

        public static readonly Capability Capability = new("certificate", "Managed TLS certificates: status and days left.", [], [Status]);
    }
}
