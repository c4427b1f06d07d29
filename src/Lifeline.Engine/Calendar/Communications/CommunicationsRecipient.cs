using Lifeline.Engine.Incidents.Escalation;

namespace Lifeline.Engine.Calendar.Communications;

/// <summary>
/// One recipient of a communications test: the hash of their acknowledgement token, and what each channel did with the
/// notice. The token itself is the recipient's credential and lives only in the link they were sent; a pending round is
/// kept in the calendar file, so it holds the hash the book looks tokens up by.
/// </summary>
public sealed record CommunicationsRecipient(string Contact, string TokenHash, IReadOnlyList<NoticeOutcome> Deliveries);
