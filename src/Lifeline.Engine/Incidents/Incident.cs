namespace Lifeline.Engine.Incidents;

/// <summary>
/// The human record of a disaster. <see cref="OpenedAt"/> (discovery) starts the breach clock for incidents flagged as possible
/// PHI breaches.
/// </summary>
public sealed record Incident(
    string Id,
    string Title,
    string? Scenario,
    string Severity,
    IncidentStatus Status,
    string Commander,
    DateTimeOffset OpenedAt,
    string OpenedBy,
    DateTimeOffset? ResolvedAt,
    IncidentImpact Impact,
    bool PossibleBreach,
    IReadOnlyList<string> Runs);
