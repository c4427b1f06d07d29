namespace Lifeline.Engine.Monitoring;

/// <summary>The stored summary of one resource seen from one vantage point: healthy or not, since when, and the last word.</summary>
public sealed record HealthSummary(string Resource, string Vantage, bool Healthy, DateTimeOffset Since, DateTimeOffset LastAt, string Detail);
