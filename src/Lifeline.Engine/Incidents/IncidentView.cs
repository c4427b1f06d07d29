namespace Lifeline.Engine.Incidents;

/// <summary>An incident as people read it: its record, its severity's response target, its timeline and its breach deadlines.</summary>
public sealed record IncidentView(
    Incident Incident,
    string SeverityDescription,
    double ResponseTargetS,
    IReadOnlyList<TimelineItem> Timeline,
    IReadOnlyList<BreachDeadline> BreachDeadlines);
