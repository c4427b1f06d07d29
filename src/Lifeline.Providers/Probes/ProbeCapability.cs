using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Providers.Probes;

/// <summary>Generic health probes the monitor runs where no resource-specific provider applies.</summary>
public static class ProbeCapability
{
    public static readonly ProbeDescriptor TcpConnect = new(
        "tcp.connect",
        "Open a TCP connection to host:port and observe whether it was accepted.",
        [Required("host", ParameterType.String, "Host name or address."),
         Required("port", ParameterType.Integer, "TCP port."),
         Optional("timeout", ParameterType.Duration, "Connect timeout (default 2s).")],
        ["healthy", "latency_ms", "error"]);

    public static readonly ProbeDescriptor TlsCertificate = new(
        "tls.certificate",
        "Complete a TLS handshake with host:port and observe the days left on its certificate.",
        [Required("host", ParameterType.String, "Host name (also the SNI name)."),
         Optional("port", ParameterType.Integer, "TCP port (default 443)."),
         Optional("min-days", ParameterType.Integer, "Fewer days left than this is unhealthy (default 14)."),
         Optional("timeout", ParameterType.Duration, "Handshake timeout (default 5s).")],
        ["healthy", "days_left", "subject", "error"]);

    public static readonly ProbeDescriptor CommandRun = new(
        "command.run",
        "Run a program (argument vector, split on spaces) and observe its exit code; 0 is healthy.",
        [Required("argv", ParameterType.String, "Program and arguments, separated by spaces."),
         Optional("timeout", ParameterType.Duration, "How long it may run (default 5s).")],
        ["healthy", "exit_code", "output", "error"]);

    public static readonly IReadOnlyList<ProbeDescriptor> Probes = [TcpConnect, TlsCertificate, CommandRun];
}
