using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment;

/// <summary>
/// One long-running server the sandbox started: where it listens, its PID, what its cmdline must contain before we
/// signal it, and how to start it again.
/// </summary>
internal sealed record SandboxComponent(
    string Name,
    string Site,
    string Kind,
    string Address,
    int Port,
    int Pid,
    string Marker,
    DetachedProcessSpec Launch)
{
    public string Endpoint => $"{Address}:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
