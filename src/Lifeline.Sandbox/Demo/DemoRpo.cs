namespace Lifeline.Sandbox.Demo;

/// <summary>Acknowledged writes (before the fault) and those absent from the recovered database.</summary>
internal sealed record DemoRpo(double ObjectiveS, int AcknowledgedWrites, int LostWrites, double LostWindowS, IReadOnlyList<long> LostIds)
{
    /// <summary>Recovery points the plan's steps measured themselves (<c>rpo_&lt;what&gt;_s</c> outputs: files, audit logs...).</summary>
    public IReadOnlyList<DemoExtraRpo> Extra { get; init; } = [];

    /// <summary>Whether acknowledged writes were counted (false for a scenario with <c>workload: false</c>: the figures are 0).</summary>
    public bool WritesCounted { get; init; } = true;
}
