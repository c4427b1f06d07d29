namespace Lifeline.Core.Plans;

/// <summary>
/// A probe with an expectation, repeated every <see cref="Interval"/> until it holds or the step times out; with
/// <see cref="Hold"/>, repeated until it has held at every probe for that long (a soak), failing at the first that does not.
/// </summary>
public sealed record CheckBody(
    string Probe,
    string? Target,
    IReadOnlyDictionary<string, string> With,
    IReadOnlyList<Expectation> Expect,
    TimeSpan Interval) : StepBody
{
    public override StepKind Kind => StepKind.Check;

    /// <summary>A soak: how long the expectation must hold at every probe; null for a check that waits for it to hold once.</summary>
    public TimeSpan? Hold { get; init; }
}
