namespace Lifeline.Engine.Detection;

/// <summary>
/// What the evaluator concluded about a trigger at one moment: whether it holds (the subject has been down long enough,
/// from enough vantage points), whether the subject is healthy (for hysteresis), since when, and the evidence in words.
/// <see cref="DownSince"/> is when the continuous evidence the decision rests on began; after a stall of the monitor
/// that is later than the outage itself. <see cref="OutageBegan"/> dates the outage: the last time it was seen healthy.
/// </summary>
public sealed record TriggerAssessment(bool Holds, bool Healthy, DateTimeOffset? DownSince, string Evidence, IReadOnlyList<string> DownResources)
{
    /// <summary>
    /// The last healthy observation of the subject from any vantage point before the evidence began (the outage began
    /// after it), or <see cref="DownSince"/> when the window holds none (the monitor never saw it healthy).
    /// </summary>
    public DateTimeOffset? OutageBegan { get; init; }

    public static TriggerAssessment NotApplicable(string why) => new(false, false, null, why, []);
}
