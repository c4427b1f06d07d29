namespace Lifeline.Core.PlanFiles;

/// <summary>Bounds of a sandbox topology the reader enforces and the sandbox relies on.</summary>
public static class SandboxLimits
{
    /// <summary>Instance addresses per site: 127.0.&lt;n&gt;.10 to .13.</summary>
    public const int MaximumInstances = 4;
}
