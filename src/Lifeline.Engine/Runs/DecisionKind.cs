namespace Lifeline.Engine.Runs;

public enum DecisionKind
{
    Approve,
    Reject,
    Retry,
    MarkDone,
    Abort,

    /// <summary>
    /// An emergency approval of a gate that bypasses the four-eyes rule, the approver list and the count. Needs a reason;
    /// it is audited and raises a P1 incident.
    /// </summary>
    BreakGlass,
}
