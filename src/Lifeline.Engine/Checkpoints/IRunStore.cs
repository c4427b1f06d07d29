using Lifeline.Engine.Deliveries;
using Lifeline.Engine.Runs;

namespace Lifeline.Engine.Checkpoints;

/// <summary>
/// Durable run state. Every write is durable when its task completes: the engine records a step as running before it
/// acts, and as finished after, so a run killed at any moment can be resumed. SQLite by default; a PostgreSQL store
/// for clustered control planes implements the same contract.
/// </summary>
public interface IRunStore : IAsyncDisposable
{
    Task<long> NextEpochAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The newest failover epoch of any run of the estate in the profile: the fencing token. An action carrying an
    /// older epoch than this was superseded by a later decision.
    /// </summary>
    Task<long> LatestEpochAsync(string estate, string profile, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the right to execute a run; null when another live process holds it. The claim ends with the process,
    /// however it ends, so a SIGKILLed run can be resumed at once.
    /// </summary>
    IDisposable? TryLockRun(string runId);

    Task CreateRunAsync(RunRecord run, RunEvent started, CancellationToken cancellationToken);

    Task UpdateRunAsync(string runId, RunStatus status, DateTimeOffset? finishedAt, string? reason, RunEvent? runEvent, CancellationToken cancellationToken);

    Task AppendAsync(StepTransition transition, CancellationToken cancellationToken);

    Task AppendEventAsync(RunEvent runEvent, CancellationToken cancellationToken);

    Task RecordDecisionAsync(OperatorDecision decision, RunEvent runEvent, CancellationToken cancellationToken);

    /// <summary>
    /// Records an approval, rejection or break-glass on a gate needing <paramref name="required"/> distinct approvers, atomically:
    /// refused when the gate is already resolved (a rejection, a break-glass, or enough approvers) or this person already
    /// approved it. Two racing decisions on one gate never both resolve it.
    /// </summary>
    Task<GateVote> RecordGateDecisionAsync(OperatorDecision decision, RunEvent runEvent, int required, CancellationToken cancellationToken);

    Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken);

    Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<StepRecord>> GetStepsAsync(string runId, CancellationToken cancellationToken);

    Task<IReadOnlyList<RunEvent>> GetEventsAsync(string runId, CancellationToken cancellationToken);

    /// <summary>
    /// The run's events from position <paramref name="from"/> on (0 is the first), in order: what a live stream has not
    /// sent yet, without reading again the ones it has.
    /// </summary>
    Task<IReadOnlyList<RunEvent>> GetEventsAsync(string runId, int from, CancellationToken cancellationToken);

    Task<IReadOnlyList<OperatorDecision>> GetDecisionsAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Records a promotion that succeeded, before its step is recorded as succeeded.</summary>
    Task RecordPromotionAsync(PromotionRecord promotion, CancellationToken cancellationToken);

    /// <summary>The promotion under the newest epoch of the estate and profile: the legitimate primary. Null when none.</summary>
    Task<PromotionRecord?> LatestPromotionAsync(string estate, string profile, CancellationToken cancellationToken);

    /// <summary>Records a queued delivery (the outbox) and the event that says so, atomically; returns its id.</summary>
    Task<long> EnqueueDeliveryAsync(DeliveryRecord delivery, RunEvent runEvent, CancellationToken cancellationToken);

    /// <summary>Records where a delivery stands after an attempt (or after the process gave up on it), with the event that says so.</summary>
    Task UpdateDeliveryAsync(long id, DeliveryStatus status, int attempts, string? error, DateTimeOffset at, RunEvent? runEvent, CancellationToken cancellationToken);

    /// <summary>The run's deliveries in the order they were queued.</summary>
    Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(string runId, CancellationToken cancellationToken);
}
