namespace Lifeline.Engine.Deliveries;

/// <summary>A delivery the outbox accepted: its record as queued, and a task that completes with its final record.</summary>
internal sealed record QueuedDelivery(DeliveryRecord Record, Task<DeliveryRecord> Completion);
