namespace Lifeline.Engine.Incidents;

/// <summary>The incident lifecycle, as both seeds use it: investigating → mitigating → monitoring → resolved.</summary>
public enum IncidentStatus
{
    Investigating,
    Mitigating,
    Monitoring,
    Resolved,
}
