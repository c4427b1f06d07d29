using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.Plans;

/// <summary>One typed, timed, audited unit of a plan.</summary>
public sealed record Step(
    string Id,
    string Name,
    StepBody Body,
    IReadOnlyList<string> Needs,
    TimeSpan? Timeout,
    RetryPolicy Retry,
    OnFailure OnFailure,
    Step? Compensation,
    SourceLocation Location)
{
    public StepKind Kind => Body.Kind;
}
