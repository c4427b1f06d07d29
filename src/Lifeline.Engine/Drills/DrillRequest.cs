namespace Lifeline.Engine.Drills;

/// <summary>
/// A whole drill on an estate: where its environment goes (a fresh directory), the state database its run and incident
/// are recorded in, and how long the decision criterion watches.
/// </summary>
public sealed record DrillRequest(string EstateDirectory, string Directory, string StatePath, TimeSpan CriteriaWindow)
{
    /// <summary>Who the drill's run is started by.</summary>
    public required string StartedBy { get; init; }

    /// <summary>Grant gates automatically; off when people approve the drill's gate (the server).</summary>
    public bool AutoApprove { get; init; }
}
