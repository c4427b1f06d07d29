namespace Lifeline.Engine.Monitoring;

/// <summary>
/// An unbroken run of matching observations from one vantage point: the first and the latest. It covers
/// <see cref="Span"/>, from the first observation to the latest, and not up to "now": a monitor that evaluates late
/// (a busy host) has observed nothing more for the delay.
/// </summary>
public readonly record struct EvidenceRun(DateTimeOffset Since, DateTimeOffset Until)
{
    public TimeSpan Span => Until - Since;
}
