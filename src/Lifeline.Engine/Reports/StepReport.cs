namespace Lifeline.Engine.Reports;

public sealed record StepReport(
    string Id,
    string Phase,
    string Kind,
    string Status,
    int Attempts,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? DurationS,
    IReadOnlyDictionary<string, string> Outputs,
    string? Error);
