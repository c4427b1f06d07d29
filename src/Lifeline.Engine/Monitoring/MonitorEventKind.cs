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

    /// <summary>The monitor's own rounds, or an agent's reports, came further apart than 1.5 intervals: that vantage point's evidence restarted.</summary>
    Stalled,

    /// <summary>A setting the detection relies on is wrong (for example a standby's keepalive timeouts); said once, at start.</summary>
    Misconfigured,
}
