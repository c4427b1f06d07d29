namespace Lifeline.Core.Estates.Sandbox;

/// <summary>What one component kind accepts: its <c>with</c> keys (required first), and whether it has members, instances or records.</summary>
public sealed record SandboxKindShape(
    string Kind,
    string Description,
    IReadOnlyList<string> Required,
    IReadOnlyList<string> Optional,
    bool Members = false,
    bool Instances = false,
    bool Records = false,
    bool NeedsSite = false)
{
    public IEnumerable<string> Keys => Required.Concat(Optional);
}
