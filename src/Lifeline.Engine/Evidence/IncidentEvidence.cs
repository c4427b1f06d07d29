namespace Lifeline.Engine.Evidence;

/// <summary>
/// An incident open during the period: its runs' RTO and its measured data loss against the objectives, and its
/// post-incident review, embedded in the report and linked by <see cref="ReviewLink"/> (an anchor in the HTML report;
/// <see cref="ReviewCommand"/> writes it again from the state file).
/// </summary>
internal sealed record IncidentEvidence(
    string Id,
    string Title,
    string Severity,
    string Status,
    string Commander,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt,
    IReadOnlyList<IncidentRunEvidence> Runs,
    double? RpoS,
    int? LostWrites,
    int TimelineEntries,
    string ReviewLink,
    string ReviewCommand,
    string Review);
