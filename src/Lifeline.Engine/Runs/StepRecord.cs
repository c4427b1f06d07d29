namespace Lifeline.Engine.Runs;

/// <summary>A step's latest state. Outputs and errors are stored redacted.</summary>
public sealed record StepRecord(
    string RunId,
    string StepId,
    StepStatus Status,
    int Attempt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyDictionary<string, string> Outputs,
    string? Error);
