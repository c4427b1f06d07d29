namespace Lifeline.Engine.Deliveries;

/// <summary>
/// What a notify step hands the outbox: the channel's provider and resolved settings, the message as it goes out
/// (<see cref="Message"/>: <c>to</c>, <c>subject</c>, <c>message</c>), and its redacted form for the record.
/// </summary>
internal sealed record DeliveryRequest(
    string PhaseId,
    string StepId,
    string Channel,
    string Provider,
    string? Target,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyDictionary<string, string> Message,
    string DisplayTo,
    string DisplaySubject,
    bool Required);
