using Lifeline.Engine.Incidents.Escalation;

namespace Lifeline.Engine.Calendar.Communications;

/// <summary>One recipient of a communications test: their acknowledgement token and what each channel did with the notice.</summary>
public sealed record CommunicationsRecipient(string Contact, string Token, IReadOnlyList<NoticeOutcome> Deliveries);
