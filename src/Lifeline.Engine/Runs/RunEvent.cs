namespace Lifeline.Engine.Runs;

/// <summary>One entry of a run's timeline: what happened, when, to which phase or step. Text is already redacted.</summary>
public sealed record RunEvent(
    string RunId,
    DateTimeOffset At,
    RunEventKind Kind,
    string? PhaseId,
    string? StepId,
    int Attempt,
    string Message);
