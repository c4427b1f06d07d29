using Lifeline.Core.Estates.Sandbox;

namespace Lifeline.Sandbox.Environment;

/// <summary>
/// How to bring a sandbox up: where, and the topology to build (an estate's <c>sandbox:</c> section). Ports are picked
/// free unless <see cref="Ports"/> names one (by port name: <c>pg-standby</c>, <c>pdns-api</c>, <c>portal</c>); a port
/// given explicitly must be free. <see cref="Sync"/> makes every replica synchronous, so acknowledged writes survive
/// losing the primary. <see cref="Instances"/> replaces every non-zero instance count of the topology.
/// </summary>
internal sealed record SandboxOptions(string Directory, SandboxTopology Topology, bool Sync = false, int? Instances = null)
{
    public const string DefaultDirectory = "/tmp/lifeline-sandbox";

    public IReadOnlyDictionary<string, int> Ports { get; init; } = new Dictionary<string, int>();

    /// <summary>The portal's dll; default env LIFELINE_PORTAL_DLL, else lifeline-portal.dll beside this assembly.</summary>
    public string? PortalDll { get; init; }

    /// <summary>The directory from env LIFELINE_SANDBOX_DIR, else <see cref="DefaultDirectory"/>.</summary>
    public static string DirectoryFromEnvironment() =>
        System.Environment.GetEnvironmentVariable("LIFELINE_SANDBOX_DIR") is { Length: > 0 } directory ? directory : DefaultDirectory;
}
