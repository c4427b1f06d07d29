namespace Lifeline.Engine.Runs;

public enum RunEventKind
{
    RunStarted,
    RunResumed,
    PhaseStarted,
    PhaseFinished,
    PhaseOverrun,
    StepStarted,
    StepLog,
    StepRetrying,
    StepSucceeded,
    StepFailed,
    StepSkipped,
    StepWaiting,
    StepNeedsOperator,
    Decision,
    RunWaiting,
    RunFinished,
}
