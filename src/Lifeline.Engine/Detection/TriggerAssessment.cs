namespace Lifeline.Engine.Detection;

/// <summary>
/// What the evaluator concluded about a trigger at one moment: whether it holds (the subject has been down long enough,
/// from enough vantage points), whether the subject is healthy (for hysteresis), since when, and the evidence in words.
/// </summary>
public sealed record TriggerAssessment(bool Holds, bool Healthy, DateTimeOffset? DownSince, string Evidence, IReadOnlyList<string> DownResources)
{
    public static TriggerAssessment NotApplicable(string why) => new(false, false, null, why, []);
}
