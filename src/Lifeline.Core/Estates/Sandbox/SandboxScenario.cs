using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.Estates.Sandbox;

/// <summary>
/// One entry of the sandbox's <c>scenarios:</c> map: how <c>lifeline demo --scenario NAME</c> drills a plan as a measured
/// drill. It names the plan (default: the entry's name), the faults applied in order, the plan's inputs for the drill,
/// whether the acknowledged-write workload runs and its lost writes are counted, and another scenario run first in the
/// same sandbox (a failback after a region failover).
/// </summary>
public sealed record SandboxScenario(
    string Name,
    string Plan,
    IReadOnlyList<SandboxFault> Faults,
    IReadOnlyDictionary<string, string> Inputs,
    bool Workload,
    string? After,
    SourceLocation Location)
{
    /// <summary>What the drill is, for listings and dry runs.</summary>
    public string Description { get; init; } = "";

    /// <summary>Where <c>plan:</c> is written (the entry's name when absent), for errors about the plan it names.</summary>
    public SourceLocation PlanLocation { get; init; } = Location;

    /// <summary>Where each input is written, by name, for errors about inputs the plan does not declare.</summary>
    public IReadOnlyDictionary<string, SourceLocation> InputLocations { get; init; } = new Dictionary<string, SourceLocation>();

    /// <summary>
    /// The plan input given the time the faults were injected (ISO 8601, UTC), e.g. a point-in-time restore's
    /// <c>restore-time</c>: a drill restores to just before its own fault, which no static input can name. Null: none.
    /// </summary>
    public string? FaultTimeInput { get; init; }

    /// <summary>Where <c>fault-time:</c> is written.</summary>
    public SourceLocation? FaultTimeLocation { get; init; }
}
