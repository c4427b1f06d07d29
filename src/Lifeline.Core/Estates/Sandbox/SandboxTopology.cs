using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.Estates.Sandbox;

/// <summary>
/// The estate's local shape, as <c>lifeline sandbox up</c> builds it: which of the estate's sites exist on this machine
/// (in order: the n-th site owns 127.0.n.0/24) and the components placed in them. Nothing of an estate is known to code.
/// </summary>
public sealed record SandboxTopology(IReadOnlyList<string> Sites, IReadOnlyList<SandboxComponentSpec> Components, SourceLocation Location)
{
    /// <summary>Drill scenarios (<c>scenarios:</c>) in the order written: the first is what <c>lifeline demo</c> runs without --scenario.</summary>
    public IReadOnlyList<SandboxScenario> Scenarios { get; init; } = [];

    /// <summary>
    /// The estate's functions that have both a production name (a binding with <c>function</c> and <c>region</c>) and a
    /// sandbox process service (a binding with <c>service</c>): a gateway component maps integrations' ARNs with them.
    /// </summary>
    public IReadOnlyList<SandboxFunctionTarget> Functions { get; init; } = [];

    public SandboxComponentSpec? Find(string name) => Components.FirstOrDefault(c => c.Name == name);

    public SandboxScenario? FindScenario(string name) => Scenarios.FirstOrDefault(s => s.Name == name);

    public IEnumerable<SandboxComponentSpec> OfKind(string kind) => Components.Where(c => c.Kind == kind);
}
