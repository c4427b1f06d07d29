namespace Lifeline.Sandbox.Workload;

/// <summary>What the workload saw so far, in time order; the helpers give the edges of client-visible downtime.</summary>
internal sealed record WorkloadSnapshot(IReadOnlyList<AcknowledgedWrite> Acknowledged, IReadOnlyList<WorkloadFailure> Failures, int Resolutions)
{
    /// <summary>The first failed request at or after <paramref name="at"/> (downtime starts).</summary>
    public WorkloadFailure? FirstFailureAfter(DateTimeOffset at) => Failures.FirstOrDefault(f => f.At >= at);

    /// <summary>The first acknowledged write at or after <paramref name="at"/> (downtime ends).</summary>
    public AcknowledgedWrite? FirstAckAfter(DateTimeOffset at) => Acknowledged.FirstOrDefault(a => a.AcknowledgedAt >= at);

    /// <summary>Writes acknowledged before <paramref name="at"/>, e.g. before the fault: the RPO baseline.</summary>
    public IReadOnlyList<AcknowledgedWrite> AcknowledgedBefore(DateTimeOffset at) => Acknowledged.Where(a => a.AcknowledgedAt < at).ToList();
}
