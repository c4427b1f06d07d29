namespace Lifeline.Core.Estates;

/// <summary>
/// A row of the estate's severity table: what the level means and how soon someone must respond (the MedZen runbook's
/// "Severity Levels"). Estates that declare no table, or only some levels, get <see cref="Defaults"/> for the rest.
/// </summary>
public sealed record SeverityDefinition(string Name, string Description, TimeSpan Response)
{
    /// <summary>The table every estate had before severities were estate data (ADR 0028); Axis keeps it.</summary>
    public static readonly IReadOnlyList<SeverityDefinition> Defaults =
    [
        new("P1", "Complete outage", TimeSpan.Zero),
        new("P2", "Partial outage", TimeSpan.FromMinutes(15)),
        new("P3", "Degraded service", TimeSpan.FromHours(1)),
        new("P4", "Minor issue", TimeSpan.FromHours(4)),
    ];
}
