using System.Text.Json.Serialization;
using Lifeline.Core.Estates.Sandbox;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment;

/// <summary>
/// Everything <c>up</c> built and how to reach it, stored as <c>&lt;dir&gt;/sandbox.json</c>: the topology it was built
/// from, the ports it picked (by component and member name), the process services and the servers. Secrets are files.
/// </summary>
internal sealed record SandboxState(
    string Directory,
    DateTimeOffset CreatedAt,
    RunAsUser? RunAs,
    bool Sync,
    SandboxTopology Topology,
    IReadOnlyDictionary<string, int> Ports,
    IReadOnlyList<string> Services,
    IReadOnlyList<SandboxComponent> Components)
{
    /// <summary>What the sandbox exports (also written to <c>sandbox.env</c>), derived from the topology's names; secrets included.</summary>
    [JsonIgnore]
    public SandboxSettings Settings => SandboxEnvironment.Variables(this);

    public SandboxComponent Component(string name) => Components.Single(c => c.Name == name);

    public SandboxComponent? FindComponent(string name) => Components.FirstOrDefault(c => c.Name == name);

    public int Port(string name) => Ports[name];

    /// <summary>The address block index of a site: the n-th sandbox site (from 1) owns 127.0.n.0/24.</summary>
    public int SiteIndex(string site) => Topology.Sites.ToList().IndexOf(site) + 1;
}
