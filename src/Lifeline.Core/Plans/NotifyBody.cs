namespace Lifeline.Core.Plans;

/// <summary>A message to contacts; <see cref="Message"/> may reference run state through expressions.</summary>
public sealed record NotifyBody(IReadOnlyList<string> To, string Subject, string Message, string? Channel) : StepBody
{
    public override StepKind Kind => StepKind.Notify;

    /// <summary>A message template rendered from the live run (phases, ETA, next update) instead of subject and message.</summary>
    public string? Template { get; init; }

    /// <summary>Why the message goes out, shown by a template; may hold expressions such as the plan's reason input.</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// What users can do meanwhile, shown by a user notification template (medzen-user-notification's Workaround line);
    /// one line, may hold expressions. Null when the notice has none.
    /// </summary>
    public string? Workaround { get; init; }

    /// <summary>
    /// Whether the step waits until its channel has delivered the notice (a regulator's, say). Without it a notify step
    /// only queues its deliveries and returns, so a slow or dead channel never slows the recovery.
    /// </summary>
    public bool WaitForDelivery { get; init; }

    /// <summary>How long a <see cref="WaitForDelivery"/> step waits before it fails.</summary>
    public TimeSpan DeliveryTimeout { get; init; } = DefaultDeliveryTimeout;

    public static readonly TimeSpan DefaultDeliveryTimeout = TimeSpan.FromMinutes(2);
}
