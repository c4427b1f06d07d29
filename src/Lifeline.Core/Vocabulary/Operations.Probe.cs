using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>The provider that serves the generic health probes (tcp, tls, command).</summary>
    public const string HealthProbeProvider = "probe";

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

    /// <summary>Generic command probe.</summary>
    public static class Command
    {
        public static readonly ProbeDescriptor Run = new(
            "command.run",
            "Run a program (argument vector, split on spaces) and observe its exit code; 0 is healthy.",
            [Required("argv", ParameterType.String, "Program and arguments, separated by spaces."),
             Optional("timeout", ParameterType.Duration, "How long it may run (default 5s).")],
            [Flag("healthy", "Whether it exited with 0."),
             Whole("exit_code", "Its exit code."),
             Text("output", "The first 500 characters of its output."),
             Text("error", "Why it is unhealthy; empty otherwise.")]);

        public static readonly Capability Capability = new("command", "Health decided by a program's exit code.", [], [Run], UntargetedProvider: HealthProbeProvider);
    }
}
