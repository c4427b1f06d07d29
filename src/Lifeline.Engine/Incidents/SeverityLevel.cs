using Lifeline.Core.Estates;

namespace Lifeline.Engine.Incidents;

/// <summary>A severity with its response-time target: a row of the estate's severity table (ADR 0028).</summary>
public sealed record SeverityLevel(string Name, string Description, TimeSpan ResponseTime)
{
    /// <summary>The default table, for incidents opened without an estate.</summary>
    public static readonly IReadOnlyList<SeverityLevel> All = From(SeverityDefinition.Defaults);

    /// <summary>The estate's table.</summary>
    public static IReadOnlyList<SeverityLevel> Of(Estate estate)
    {
        ArgumentNullException.ThrowIfNull(estate);
        return From(estate.Severities);
    }

    public static SeverityLevel? Find(string name) => Find(name, All);

    public static SeverityLevel? Find(string name, IReadOnlyList<SeverityLevel> table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    private static SeverityLevel[] From(IEnumerable<SeverityDefinition> rows) => [.. rows.Select(r => new SeverityLevel(r.Name, r.Description, r.Response))];
}
