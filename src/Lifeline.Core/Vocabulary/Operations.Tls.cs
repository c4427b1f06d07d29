using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>Generic TLS certificate probe.</summary>
    public static class Tls
    {
        public static readonly ProbeDescriptor Certificate = new(
            "tls.certificate",
            "Complete a TLS handshake with host:port and observe the days left on its certificate.",
            [Required("host", ParameterType.String, "Host name (also the SNI name)."),
             Optional("port", ParameterType.Integer, "TCP port (default 443)."),
             Optional("min-days", ParameterType.Integer, "Fewer days left than this is unhealthy (default 14)."),
             Optional("timeout", ParameterType.Duration, "Handshake timeout (default 5s).")],
            [Flag("healthy", "Whether the certificate has at least min-days left."),
             Decimal("days_left", "Days until the certificate expires."),
             Text("subject", "The certificate's subject."),
             Text("error", "Why it is unhealthy; empty otherwise.")]);

        public static readonly Capability Capability = new("tls", "TLS certificate expiry.", [], [Certificate], UntargetedProvider: HealthProbeProvider);
    }
}
