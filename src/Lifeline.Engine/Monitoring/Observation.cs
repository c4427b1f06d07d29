namespace Lifeline.Engine.Monitoring;

/// <summary>One probe of one resource from one vantage point, judged healthy or not, with the fields the probe saw.</summary>
public sealed record Observation(string Resource, string Vantage, DateTimeOffset At, bool Healthy, IReadOnlyDictionary<string, string> Fields, string Detail)
{
    public string Field(string name) => Fields.TryGetValue(name, out var value) ? value : "";
}
