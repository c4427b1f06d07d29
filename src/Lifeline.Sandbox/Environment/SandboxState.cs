using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment;

/// <summary>Everything <c>up</c> started and how to reach it, stored as <c>&lt;dir&gt;/sandbox.json</c>. Secrets are file references.</summary>
internal sealed record SandboxState(
    string Directory,
    DateTimeOffset CreatedAt,
    RunAsUser? RunAs,
    bool Sync,
    string Database,
    string DatabaseUser,
    string DatabasePasswordFile,
    string SuperuserPasswordFile,
    string ReplicationUser,
    string ReplicationPasswordFile,
    string DnsApiKeyFile,
    int DnsApiPort,
    string Zone,
    int PortalPort,
    IReadOnlyList<string> PrimaryPortalAddresses,
    IReadOnlyList<string> DrPortalAddresses,
    IReadOnlyList<string> Services,
    IReadOnlyList<SandboxComponent> Components)
{
    public SandboxComponent Component(string name) => Components.Single(c => c.Name == name);
}
