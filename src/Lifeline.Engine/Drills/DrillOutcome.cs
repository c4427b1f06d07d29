namespace Lifeline.Engine.Drills;

/// <summary>How a whole drill ended: the incident it is recorded as, or one line saying why it could not finish.</summary>
public sealed record DrillOutcome(string? IncidentId, string? Error)
{
    /// <summary>What the environment's tear-down failed to stop, one line each; a drill that leaves anything is graded failed.</summary>
    public IReadOnlyList<string> LeftBehind { get; init; } = [];

    public bool Succeeded => Error is null;
}
