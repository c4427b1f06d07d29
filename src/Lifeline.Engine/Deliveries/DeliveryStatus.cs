namespace Lifeline.Engine.Deliveries;

/// <summary>Where one delivery of a notice through one channel stands.</summary>
public enum DeliveryStatus
{
    /// <summary>Waiting to be sent, or to be tried again after a failed attempt.</summary>
    Queued,

    /// <summary>The channel accepted the notice.</summary>
    Sent,

    /// <summary>Given up: the channel refused it for good, or every attempt failed.</summary>
    Failed,

    /// <summary>The process that held it ended (or was told to stop) before it could be delivered.</summary>
    Undelivered,
}
