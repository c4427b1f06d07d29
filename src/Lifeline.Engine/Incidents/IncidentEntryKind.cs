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
}
