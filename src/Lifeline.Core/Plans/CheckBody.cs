namespace Lifeline.Core.Plans;

/// <summary>A probe with an expectation, repeated every <see cref="Interval"/> until it holds or the step times out.</summary>
public sealed record CheckBody(
    string Probe,
    string? Target,
    IReadOnlyDictionary<string, string> With,
    IReadOnlyList<Expectation> Expect,
    TimeSpan Interval) : StepBody
{
    public override StepKind Kind => StepKind.Check;
}
