namespace Lifeline.Engine.Runs;

public enum RunStatus
{
    Running,

    /// <summary>Paused at an approval gate, a manual task, or an interrupted step that needs an operator.</summary>
    Waiting,
    Succeeded,
    Failed,
    Aborted,
}
