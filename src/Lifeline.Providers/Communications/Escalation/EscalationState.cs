namespace Lifeline.Providers.Communications.Escalation;

/// <summary>One open incident as the <see cref="EscalationTracker"/> sees it.</summary>
public sealed record EscalationState(
    string IncidentId,
    IncidentSeverity Severity,
    DateTimeOffset OpenedAt,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    IReadOnlyList<int> PagedLevels);
