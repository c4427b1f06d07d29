namespace Lifeline.Sandbox.Demo;

/// <summary>Acknowledged writes (before the fault) and those absent from the recovered database.</summary>
internal sealed record DemoRpo(double ObjectiveS, int AcknowledgedWrites, int LostWrites, double LostWindowS, IReadOnlyList<long> LostIds)
{
    /// <summary>Recovery points the plan's steps measured themselves (<c>rpo_&lt;what&gt;_s</c> outputs: files, audit logs...).</summary>
    public IReadOnlyList<DemoExtraRpo> Extra { get; init; } = [];

    /// <summary>Whether acknowledged writes were counted (false for a scenario with <c>workload: false</c>: the figures are 0).</summary>
    public bool WritesCounted { get; init; } = true;

    /// <summary>
    /// Writes acknowledged after the fault that the recovered database does not hold: what a restore to a point before
    /// the fault gave up (the writes made on the damaged database until the service moved). 0 after a failover.
    /// </summary>
    public int LostAfterFault { get; init; }

    /// <summary>Of those, how many were acknowledged after the fault in all.</summary>
    public int AcknowledgedAfterFault { get; init; }

    /// <summary>Their patient ids, lowest first: the list of writes someone re-enters after a point-in-time restore.</summary>
    public IReadOnlyList<long> LostAfterFaultIds { get; init; } = [];
}
