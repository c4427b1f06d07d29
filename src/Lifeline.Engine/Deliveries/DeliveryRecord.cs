namespace Lifeline.Engine.Deliveries;

/// <summary>
/// One notice through one channel, as the outbox records it: who it is for, through what, where it stands, how many
/// attempts it took and the last error. <see cref="To"/> and <see cref="Subject"/> are redacted;
/// <see cref="Required"/> means a step waited for it (<c>wait-for-delivery</c>).
/// </summary>
public sealed record DeliveryRecord(
    long Id,
    string RunId,
    string StepId,
    string Channel,
    string Provider,
    string To,
    string Subject,
    bool Required,
    DeliveryStatus Status,
    int Attempts,
    string? Error,
    DateTimeOffset QueuedAt,
    DateTimeOffset UpdatedAt)
{
    public bool IsFinal => Status is not DeliveryStatus.Queued;
}
