namespace Lifeline.Server.StatusPage;

/// <summary>
/// <c>GET /api/v2/summary.json</c> in Atlassian Statuspage's shape, so existing status widgets and monitors can read it.
/// </summary>
public sealed record StatusSummary(StatusPageInfo Page, StatusIndicator Status, IReadOnlyList<StatusComponent> Components, IReadOnlyList<StatusIncident> Incidents, IReadOnlyList<StatusIncident> ScheduledMaintenances);
