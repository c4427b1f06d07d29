namespace Lifeline.Sandbox.Workload;

/// <summary>
/// The RPO achieved: of <see cref="Acknowledged"/> writes, <see cref="Lost"/> are absent from the recovered database.
/// <see cref="LostWindowSeconds"/> runs from the earliest lost write's acknowledgement to the last acknowledgement
/// before the fault (0 when nothing was lost).
/// </summary>
internal sealed record RpoResult(int Acknowledged, int Lost, IReadOnlyList<long> LostIds, double LostWindowSeconds)
{
    /// <summary>Of the writes acknowledged after the fault, those absent too (a restore to before it gives them up); null when not counted.</summary>
    public RpoResult? LostAfterFault { get; init; }
}
