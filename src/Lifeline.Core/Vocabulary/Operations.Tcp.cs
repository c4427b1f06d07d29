using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>Generic TCP health probe.</summary>
    public static class Tcp
    {
        public static readonly ProbeDescriptor Connect = new(
            "tcp.connect",
            "Open a TCP connection to host:port and observe whether it was accepted.",
            [Required("host", ParameterType.String, "Host name or address."),
             Required("port", ParameterType.Integer, "TCP port."),
             Optional("timeout", ParameterType.Duration, "Connect timeout (default 2s).")],
            [Flag("healthy", "Whether the connection was accepted."),
             Whole("latency_ms", "Milliseconds to connect."),
             Text("error", "Why it failed; empty otherwise.")]);

        public static readonly Capability Capability = new("tcp", "TCP reachability.", [], [Connect], UntargetedProvider: HealthProbeProvider);
    }
}
