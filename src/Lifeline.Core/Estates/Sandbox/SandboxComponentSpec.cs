using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.Estates.Sandbox;

/// <summary>
/// One component of the sandbox: its kind (what builds it), where it runs, and what the kind reads from it —
/// <see cref="Settings"/> (<c>with</c>), <see cref="Members"/> (servers of a replicated database), <see cref="Instances"/>
/// (instances per site of a service) and <see cref="Records"/> (DNS names pointing at a service's instances in a site).
/// </summary>
public sealed record SandboxComponentSpec(
    string Name,
    string Kind,
    string? Site,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<SandboxMemberSpec> Members,
    IReadOnlyDictionary<string, int> Instances,
    IReadOnlyDictionary<string, SandboxRecordTarget> Records,
    SourceLocation Location)
{
    public string? Setting(string key) => Settings.GetValueOrDefault(key);

    /// <summary>The member nobody replicates from: the writable server when the sandbox comes up.</summary>
    public SandboxMemberSpec? Primary => Members.FirstOrDefault(m => m.ReplicaOf is null);

    public IEnumerable<SandboxMemberSpec> Replicas => Members.Where(m => m.ReplicaOf is not null);
}
