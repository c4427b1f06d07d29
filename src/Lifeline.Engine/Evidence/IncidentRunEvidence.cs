namespace Lifeline.Engine.Evidence;

/// <summary>A run linked to an incident: its RTO clock (from the incident start when it was given) against its objective.</summary>
internal sealed record IncidentRunEvidence(string RunId, string Scenario, string Mode, string Status, double RtoS, double? RtoObjectiveS, bool? WithinObjective);
