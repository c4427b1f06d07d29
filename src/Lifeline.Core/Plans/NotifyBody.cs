namespace Lifeline.Core.Plans;

/// <summary>A message to contacts; <see cref="Message"/> may reference run state through expressions.</summary>
public sealed record NotifyBody(IReadOnlyList<string> To, string Subject, string Message, string? Channel) : StepBody
{
    public override StepKind Kind => StepKind.Notify;
}
