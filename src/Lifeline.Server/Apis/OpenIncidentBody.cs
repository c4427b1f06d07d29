namespace Lifeline.Server.Apis;

public sealed record OpenIncidentBody(string Title, string Severity, string? Scenario, string? Commander, bool PossibleBreach);
