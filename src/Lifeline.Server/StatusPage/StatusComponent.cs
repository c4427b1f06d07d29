namespace Lifeline.Server.StatusPage;

/// <summary>A component: <c>operational</c>, <c>degraded_performance</c>, <c>partial_outage</c> or <c>major_outage</c>.</summary>
public sealed record StatusComponent(
    string Id,
    string Name,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Position,
    string? Description,
    bool Showcase,
    string? StartDate,
    string? GroupId,
    string PageId,
    bool Group,
    bool OnlyShowIfDegraded,
    IReadOnlyList<string>? Components = null);
