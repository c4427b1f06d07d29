namespace Lifeline.Core.Providers;

public enum RunMode
{
    /// <summary>For real, against production bindings.</summary>
    Live,

    /// <summary>For real, against a drill estate (usually the sandbox profile); approvals may be granted automatically.</summary>
    Drill,

    /// <summary>Resolve and describe every step; execute nothing.</summary>
    DryRun,
}
