namespace Lifeline.Engine.Incidents.Escalation;

public enum NoticeKind
{
    /// <summary>An escalation level paged because nobody acknowledged the incident in time (or at once, for a P1's top level).</summary>
    Page,

    /// <summary>A breach-clock deadline is a week or a day away, or has passed.</summary>
    BreachReminder,

    /// <summary>A readiness item changed status (turned red, or recovered).</summary>
    ReadinessChanged,

    /// <summary>A testing-calendar task is overdue.</summary>
    TaskOverdue,

    /// <summary>The testing calendar's communications test: a notice the recipient is asked to acknowledge.</summary>
    CommunicationsTest,
}
