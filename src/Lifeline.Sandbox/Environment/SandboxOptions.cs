namespace Lifeline.Sandbox.Environment;

/// <summary>
/// How to bring the sandbox up. Ports left null are picked free; a port given explicitly must be free.
/// <see cref="Sync"/> makes the primary wait for the standby on commit, so acknowledged writes survive losing the primary.
/// </summary>
internal sealed record SandboxOptions(string Directory, bool Sync = false, int PortalInstances = 2)
{
    public const string DefaultDirectory = "/tmp/lifeline-sandbox";

    public int? PrimaryPort { get; init; }

    public int? StandbyPort { get; init; }

    public int? PortalPort { get; init; }

    public int? DnsPort { get; init; }

    public int? DnsApiPort { get; init; }

    /// <summary>The portal's dll; default env LIFELINE_PORTAL_DLL, else lifeline-portal.dll beside this assembly.</summary>
    public string? PortalDll { get; init; }

    /// <summary>The directory from env LIFELINE_SANDBOX_DIR, else <see cref="DefaultDirectory"/>.</summary>
    public static string DirectoryFromEnvironment() =>
        System.Environment.GetEnvironmentVariable("LIFELINE_SANDBOX_DIR") is { Length: > 0 } directory ? directory : DefaultDirectory;
}
