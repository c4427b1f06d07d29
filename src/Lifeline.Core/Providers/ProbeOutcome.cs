namespace Lifeline.Core.Providers;

/// <summary>
/// One observation of one resource from one vantage point. A probe that could not observe anything (its target is
/// down) still returns an observation — e.g. <c>reachable=false</c> — because "down" is what checks look for.
/// <see cref="Error"/> is for probes that could not run at all (bad input).
/// </summary>
public sealed record ProbeOutcome(IReadOnlyDictionary<string, string> Fields, string? Error)
{
    public static ProbeOutcome Observed(IReadOnlyDictionary<string, string> fields) => new(fields, null);

    public static ProbeOutcome Invalid(string error) => new(new Dictionary<string, string>(), error);
}
