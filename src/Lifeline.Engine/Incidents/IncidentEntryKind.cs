namespace Lifeline.Engine.Incidents;

public enum IncidentEntryKind
{
    Opened,
    Note,
    StatusChanged,
    CommanderChanged,
    ImpactRecorded,
    RunLinked,
    NoteTimeCorrected,

    /// <summary>Someone took the incident: escalation stops.</summary>
    Acknowledged,

    /// <summary>An escalation level was paged (text <c>paged level N: …</c>); recorded once per level.</summary>
    Paged,

    /// <summary>A breach-clock reminder was sent (text <c>breach reminder RULE (MILESTONE): …</c>); recorded once per milestone.</summary>
    BreachReminder,

    /// <summary>
    /// The incident was made public on the status page; the text is the public title (the latest one counts). Incidents
    /// without one are private.
    /// </summary>
    Published,
}
