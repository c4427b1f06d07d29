namespace Lifeline.Engine.Runs;

public enum StepStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,

    /// <summary>Not run because the run stopped, or an upstream step failed.</summary>
    Skipped,

    /// <summary>An approval gate or manual task waiting for a person.</summary>
    Waiting,

    /// <summary>Was in flight when the control plane died and is not idempotent: an operator must retry, mark done or abort.</summary>
    NeedsOperator,
}
