namespace Lifeline.Engine.Drills;

/// <summary>How a whole drill ended: the incident it is recorded as, or one line saying why it could not finish.</summary>
public sealed record DrillOutcome(string? IncidentId, string? Error)
{
    public bool Succeeded => Error is null;
}
