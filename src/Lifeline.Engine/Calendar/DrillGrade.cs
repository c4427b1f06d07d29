using System.Text.Json.Serialization;

namespace Lifeline.Engine.Calendar;

/// <summary>A graded drill: passed only when every criterion held; otherwise every reason it failed.</summary>
public sealed record DrillGrade(
    string Estate,
    string Item,
    string Scenario,
    string RunId,
    DateTimeOffset DueAt,
    DateTimeOffset GradedAt,
    bool Passed,
    double? RtoSeconds,
    double? RtoObjectiveSeconds,
    double? RpoSeconds,
    double? RpoObjectiveSeconds,
    IReadOnlyList<string> Reasons)
{
    [JsonIgnore]
    public string Verdict => Passed ? "passed" : "failed: " + string.Join("; ", Reasons);
}
