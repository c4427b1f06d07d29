namespace Lifeline.Engine.Evidence;

/// <summary>
/// What an auditor asks for about one estate and period: the drills and incidents with their measured RTO and RPO
/// against the objectives, the readiness history, the calendar items that went overdue, and the audit trail's
/// verification with its latest signed checkpoint. The HTML report and <c>--output json</c> are both this record.
/// </summary>
internal sealed record EvidenceReport(
    string Estate,
    DateTimeOffset Since,
    DateTimeOffset Until,
    DateTimeOffset GeneratedAt,
    IReadOnlyDictionary<string, double> RtoObjectivesS,
    IReadOnlyDictionary<string, double> RpoObjectivesS,
    IReadOnlyList<DrillEvidence> Drills,
    IReadOnlyList<IncidentEvidence> Incidents,
    ReadinessEvidence Readiness,
    CalendarEvidence Calendar,
    AuditEvidence Audit);
