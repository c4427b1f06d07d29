namespace Lifeline.Engine.Incidents;

/// <summary>
/// An incident as people read it: its record, its severity's response target, its timeline, its breach deadlines, and
/// every notice its linked runs queued, with where each delivery stands.
/// </summary>
public sealed record IncidentView(
    Incident Incident,
    string SeverityDescription,
    double ResponseTargetS,
    IReadOnlyList<TimelineItem> Timeline,
    IReadOnlyList<BreachDeadline> BreachDeadlines)
{
    public IReadOnlyList<Deliveries.DeliveryRecord> Deliveries { get; init; } = [];
}
