using System.Text.Json.Serialization;

namespace Lifeline.Engine.Calendar.Communications;

/// <summary>
/// A graded communications test: how many of the recipients acknowledged within the estate's window, and whether that
/// reached its threshold; when not, every reason (below the threshold, who did not acknowledge, which delivery failed).
/// </summary>
public sealed record CommunicationsGrade(
    string Estate,
    string Item,
    string Round,
    DateTimeOffset SentAt,
    DateTimeOffset GradedAt,
    int Acknowledged,
    int Recipients,
    bool Passed,
    IReadOnlyList<string> Reasons)
{
    public string Summary => $"{Acknowledged} of {Recipients} acknowledged";

    [JsonIgnore]
    public string Verdict => Passed ? $"passed: {Summary}" : $"failed: {Summary}; " + string.Join("; ", Reasons);
}
