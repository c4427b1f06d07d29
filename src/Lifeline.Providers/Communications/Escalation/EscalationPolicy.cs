using Lifeline.Core.Estates;

namespace Lifeline.Providers.Communications.Escalation;

/// <summary>
/// Who is engaged at each level and how long after an incident opens (an estate's <c>escalation</c> list). A P1 engages
/// the executive level — the CTO — at once, as the MedZen runbook requires; other severities wait for each level's delay.
/// </summary>
public sealed record EscalationPolicy
{
    public EscalationPolicy(IReadOnlyList<EscalationLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        if (levels.Count == 0)
            throw new ArgumentException("an escalation policy needs at least one level", nameof(levels));
        Levels = [.. levels.OrderBy(l => l.Level)];
    }

    /// <summary>The levels, lowest first.</summary>
    public IReadOnlyList<EscalationLevel> Levels { get; }

    /// <summary>The level a P1 pages at once: the one marked executive, else the highest.</summary>
    public EscalationLevel Executive => ExecutiveLevel.Of(Levels)!;

    /// <summary>The estate's policy, or null when it declares no escalation.</summary>
    public static EscalationPolicy? For(Estate estate)
    {
        ArgumentNullException.ThrowIfNull(estate);
        return estate.Escalation.Count == 0 ? null : new EscalationPolicy(estate.Escalation);
    }

    /// <summary>The levels due <paramref name="elapsed"/> after an incident of <paramref name="severity"/> opened, lowest first.</summary>
    public IReadOnlyList<EscalationLevel> DueAfter(TimeSpan elapsed, IncidentSeverity severity) =>
        [.. Levels.Where(l => l.After <= elapsed || (severity == IncidentSeverity.P1 && l == Executive))];

    /// <summary>How long after opening the next level not yet due becomes due, or null when all are.</summary>
    public TimeSpan? NextAfter(TimeSpan elapsed, IncidentSeverity severity)
    {
        var due = DueAfter(elapsed, severity);
        return Levels.Where(l => !due.Contains(l)).Select(l => (TimeSpan?)l.After).Min();
    }
}
