namespace Lifeline.Providers.Communications.Escalation;

/// <summary>The runbooks' severity levels: P1 complete outage (immediate) … P4 minor issue (4 hours).</summary>
public enum IncidentSeverity
{
    P1 = 1,
    P2 = 2,
    P3 = 3,
    P4 = 4,
}
