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

    /// <summary>A notify step queued a notice for a channel (the outbox); the recovery does not wait for it.</summary>
    NoticeQueued,

    /// <summary>A channel accepted a queued notice.</summary>
    NoticeSent,

    /// <summary>An attempt to deliver a notice failed; the outbox tries again after a backoff.</summary>
    NoticeRetrying,

    /// <summary>A notice was given up on (refused, out of attempts, or its process ended): someone must tell its recipients another way.</summary>
    NoticeUndelivered,

    /// <summary>
    /// What an evidence-gathering step found (an audit-log lookup, a log search): shown on the timeline of the run's
    /// incident, and kept in the audit trail.
    /// </summary>
    Evidence,
}
