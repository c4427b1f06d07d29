namespace Lifeline.Core.Plans;

/// <summary>A message to contacts; <see cref="Message"/> may reference run state through expressions.</summary>
public sealed record NotifyBody(IReadOnlyList<string> To, string Subject, string Message, string? Channel) : StepBody
{
    public override StepKind Kind => StepKind.Notify;

    /// <summary>A message template rendered from the live run (phases, ETA, next update) instead of subject and message.</summary>
    public string? Template { get; init; }
}
