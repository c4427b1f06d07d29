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
    AgentReport,
}
