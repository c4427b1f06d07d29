namespace Lifeline.Engine.Incidents;

/// <summary>A severity with its response-time target (the MedZen runbook's table).</summary>
public sealed record SeverityLevel(string Name, string Description, TimeSpan ResponseTime)
{
    public static readonly IReadOnlyList<SeverityLevel> All =
    [
        new("P1", "Complete outage", TimeSpan.Zero),
        new("P2", "Partial outage", TimeSpan.FromMinutes(15)),
        new("P3", "Degraded service", TimeSpan.FromHours(1)),
        new("P4", "Minor issue", TimeSpan.FromHours(4)),
    ];

    public static SeverityLevel? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
