using Lifeline.Core.Estates;

namespace Lifeline.Engine.Incidents.Escalation;

/// <summary>
/// Which of an estate's escalation levels are due for an unacknowledged incident: every level whose <c>after</c> has
/// passed since the incident opened, and for a P1 the executive level (the CTO) at once. The same rule as the providers'
/// <c>EscalationPolicy</c>, over the stored incident rather than in-memory state.
/// </summary>
internal static class EscalationRules
{
    public static IReadOnlyList<EscalationLevel> Due(IReadOnlyList<EscalationLevel> levels, string severity, TimeSpan elapsed)
    {
        if (levels.Count == 0)
        {
            return [];
        }

        var executive = ExecutiveLevel.Of(levels);
        var p1 = string.Equals(severity, "P1", StringComparison.OrdinalIgnoreCase);
        return [.. levels.Where(l => l.After <= elapsed || (p1 && l == executive)).OrderBy(l => l.Level)];
    }

    /// <summary>The timeline key of a page: entries read <c>paged level N: …</c>.</summary>
    public static string Key(EscalationLevel level) => $"paged level {level.Level.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
