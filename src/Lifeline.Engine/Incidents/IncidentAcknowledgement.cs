namespace Lifeline.Engine.Incidents;

/// <summary>Who took the incident and when; <see cref="AlreadyAcknowledged"/> when an earlier acknowledgement stands.</summary>
public sealed record IncidentAcknowledgement(string IncidentId, string By, DateTimeOffset At, long Sequence, bool AlreadyAcknowledged);
