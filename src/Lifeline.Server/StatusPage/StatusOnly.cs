namespace Lifeline.Server.StatusPage;

/// <summary><c>GET /api/v2/status.json</c>: the page and its overall indicator.</summary>
public sealed record StatusOnly(StatusPageInfo Page, StatusIndicator Status);
