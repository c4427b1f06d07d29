using Lifeline.FailoverBench.Trials;

namespace Lifeline.FailoverBench.Results;

/// <summary>One system's trials and their summary, as written to results.json.</summary>
internal sealed record SystemSummary(
    string System,
    string Fault,
    IReadOnlyDictionary<string, string> Settings,
    int Trials,
    int Failed,
    Distribution FaultToWritableS,
    Distribution FaultToValidatedS,
    int? LostWritesTotal,
    int? LostWritesMax,
    int? AcknowledgedWritesTotal,
    BlipSummary? Blip,
    IReadOnlyList<FailoverTrial> FailoverTrials,
    IReadOnlyList<BlipTrial>? BlipTrials)
{
    /// <summary>
    /// Partition only: writes the old primary acknowledged after the new one was writable, over all trials (null when
    /// no trial measured it).
    /// </summary>
    public int? OldPrimaryWritesAfterWritableTotal { get; init; }

    public static SystemSummary Of(IFailoverSystem system, string fault, IReadOnlyList<FailoverTrial> trials, IReadOnlyList<BlipTrial>? blips)
    {
        var ok = trials.Where(t => t.Error is null).ToList();
        var lost = ok.Where(t => t.LostWrites is not null).Select(t => t.LostWrites!.Value).ToList();
        var acknowledged = ok.Where(t => t.AcknowledgedWrites is not null).Select(t => t.AcknowledgedWrites!.Value).ToList();
        var split = ok.Where(t => t.OldPrimaryWritesAfterWritable is not null).Select(t => t.OldPrimaryWritesAfterWritable!.Value).ToList();
        return new(system.Name, fault, system.Describe(), trials.Count, trials.Count - ok.Count,
            Distribution.Of([.. ok.Select(t => t.FaultToWritableS!.Value)]),
            Distribution.Of([.. ok.Select(t => t.FaultToValidatedS!.Value)]),
            lost.Count == 0 ? null : lost.Sum(), lost.Count == 0 ? null : lost.Max(), acknowledged.Count == 0 ? null : acknowledged.Sum(),
            blips is null ? null : BlipSummary.Of(blips), trials, blips)
        {
            OldPrimaryWritesAfterWritableTotal = split.Count == 0 ? null : split.Sum(),
        };
    }
}

/// <summary>Median, p95 (nearest rank), minimum and maximum of the successful trials.</summary>
internal sealed record Distribution(int N, double? Median, double? P95, double? Min, double? Max)
{
    public static Distribution Of(IReadOnlyList<double> values) =>
        new(values.Count, Statistics.Median(values), Statistics.Percentile(values, 0.95), values.Count == 0 ? null : values.Min(), values.Count == 0 ? null : values.Max());
}

/// <summary>The blip test: trials run, trials with a leader change (false failovers), and the writer's stalls.</summary>
internal sealed record BlipSummary(int Trials, int Errors, int FalseFailovers, int LeaderLostLock, double? PausedSMedian, Distribution WriterStallS)
{
    public static BlipSummary Of(IReadOnlyList<BlipTrial> blips)
    {
        var ok = blips.Where(b => b.Error is null).ToList();
        return new(blips.Count, blips.Count - ok.Count, ok.Count(b => b.Failover), ok.Count(b => b.LeaderLostLock),
            Statistics.Median([.. ok.Select(b => b.PausedS)]),
            Distribution.Of([.. ok.Where(b => b.WriterStallS is not null).Select(b => b.WriterStallS!.Value)]));
    }
}
