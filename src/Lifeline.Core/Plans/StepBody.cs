namespace Lifeline.Core.Plans;

/// <summary>What a step does; one sealed record per step kind.</summary>
public abstract record StepBody
{
    public abstract StepKind Kind { get; }
}
