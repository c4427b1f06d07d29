namespace Lifeline.Engine.Calendar;

/// <summary>
/// What a drill measured: its run, whether the run succeeded, the RTO and RPO it achieved (null when not measured), the
/// validations that failed, and what the clean-up left behind (processes still running, ports still bound).
/// </summary>
public sealed record DrillResult(
    string RunId,
    bool RunSucceeded,
    TimeSpan? AchievedRto,
    TimeSpan? AchievedRpo,
    IReadOnlyList<string> FailedValidations,
    IReadOnlyList<string> LeftBehind)
{
    /// <summary>Why the run did not finish, when it did not.</summary>
    public string? Error { get; init; }
}
