namespace Lifeline.Engine.Monitoring;

public enum MonitorEventKind
{
    Started,
    HealthChanged,
    Detected,
    Blocked,
    FailoverStarted,
    FailoverFinished,
    Cleared,
    SplitBrain,
    Fenced,

    /// <summary>A run promoted a database and then failed: the promotion stands and a person decides what comes next.</summary>
    HalfFinished,
    AgentReport,
}
