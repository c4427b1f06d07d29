namespace Lifeline.Core.Plans;

/// <summary>A decision gate: the run pauses until <see cref="Count"/> of <see cref="Approvers"/> approve, or the timeout policy applies.</summary>
public sealed record ApprovalBody(string Prompt, IReadOnlyList<string> Approvers, int Count, TimeSpan? Timeout, ApprovalTimeout OnTimeout) : StepBody
{
    public override StepKind Kind => StepKind.Approval;
}
