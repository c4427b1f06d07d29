namespace Lifeline.Sandbox.Environment;

/// <summary>Every component of a sandbox and whether it is alive and healthy.</summary>
internal sealed record SandboxStatus(string Directory, IReadOnlyList<ComponentStatus> Components)
{
    public bool AllHealthy => Components.All(c => c.Healthy);
}
