namespace Lifeline.Server.Readiness;

/// <summary>
/// The latest observation of one resource from one vantage point: <c>healthy</c>, <c>degraded</c> or <c>down</c>, with
/// the probe's fields.
/// </summary>
public sealed record ResourceObservation(string Estate, string ResourceId, string Status, DateTimeOffset At, IReadOnlyDictionary<string, string> Fields)
{
    public string Vantage { get; init; } = "control";

    /// <summary>What the probe said, for people.</summary>
    public string Detail { get; init; } = "";
}
