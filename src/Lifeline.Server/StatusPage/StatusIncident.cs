namespace Lifeline.Server.StatusPage;

/// <summary>An unresolved incident: <c>investigating</c>, <c>identified</c>, <c>monitoring</c>; impact <c>none</c> to <c>critical</c>.</summary>
public sealed record StatusIncident(
    string Id,
    string Name,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? MonitoringAt,
    DateTimeOffset? ResolvedAt,
    string Impact,
    string Shortlink,
    DateTimeOffset StartedAt,
    string PageId,
    IReadOnlyList<StatusIncidentUpdate> IncidentUpdates,
    IReadOnlyList<StatusComponent> Components);
