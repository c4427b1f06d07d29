namespace Lifeline.Engine.Incidents;

/// <summary>A notification or assessment deadline for a possible PHI breach, and where it stands now.</summary>
public sealed record BreachDeadline(string Rule, string Obligation, DateTimeOffset Due, string Status);
