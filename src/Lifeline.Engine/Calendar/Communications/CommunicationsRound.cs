namespace Lifeline.Engine.Calendar.Communications;

/// <summary>A communications test sent: when, through which channels, to whom.</summary>
public sealed record CommunicationsRound(string Id, string Estate, string Item, DateTimeOffset SentAt, IReadOnlyList<string> Channels, IReadOnlyList<CommunicationsRecipient> Recipients);
