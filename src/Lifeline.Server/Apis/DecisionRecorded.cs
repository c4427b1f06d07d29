namespace Lifeline.Server.Apis;

/// <summary>A decision that was recorded; <see cref="IncidentId"/> is the P1 a break-glass raised.</summary>
public sealed record DecisionRecorded(string RunId, string? StepId, string Decision, string By, string? IncidentId);
