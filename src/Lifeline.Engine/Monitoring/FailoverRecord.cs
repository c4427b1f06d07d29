namespace Lifeline.Engine.Monitoring;

/// <summary>
/// An automatic failover the monitor started: which database it made primary, and until when further automatic
/// failovers of the scenario are blocked (anti-flapping) unless an operator acknowledged the block.
/// </summary>
public sealed record FailoverRecord(
    long Sequence,
    string Estate,
    string Scenario,
    string RunId,
    string? Primary,
    DateTimeOffset At,
    DateTimeOffset BlockedUntil,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgeReason)
{
    public bool Blocks(DateTimeOffset now) => AcknowledgedBy is null && now < BlockedUntil;
}
