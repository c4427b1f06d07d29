namespace Lifeline.Engine.Runs;

public enum DecisionKind
{
    Approve,
    Reject,
    Retry,
    MarkDone,
    Abort,
}
