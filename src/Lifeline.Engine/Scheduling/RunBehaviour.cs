namespace Lifeline.Engine.Scheduling;

/// <summary>
/// How a run treats people: whether gates are granted automatically (drills), and whether the process waits at a
/// gate or parks the run (exit code 3) for <c>lifeline runs approve</c> to continue.
/// </summary>
public sealed record RunBehaviour(bool AutoApprove, bool WaitForDecisions, TimeSpan DecisionPollInterval)
{
    /// <summary>Channels every notify step also sends through, for this run only.</summary>
    public IReadOnlyList<ChannelOverride> ExtraChannels { get; init; } = [];

    /// <summary>How the run's outbox retries deliveries, and how long its process waits for them once the run is done.</summary>
    public Deliveries.DeliveryPolicy Deliveries { get; init; } = Engine.Deliveries.DeliveryPolicy.Default;

    /// <summary>Primary-role leases of self-fencing agents: a fence step on a leased database waits for its lease to expire.</summary>
    public Fencing.Leases.LeaseBook? Leases { get; init; }

    public static readonly RunBehaviour Default = new(false, false, TimeSpan.FromMilliseconds(500));
}
