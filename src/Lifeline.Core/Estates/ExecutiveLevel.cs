namespace Lifeline.Core.Estates;

/// <summary>The escalation level a P1 pages at once: the one marked <c>executive</c>, else the highest.</summary>
public static class ExecutiveLevel
{
    public static EscalationLevel? Of(IReadOnlyList<EscalationLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        return levels.FirstOrDefault(l => l.Executive) ?? levels.MaxBy(l => l.Level);
    }
}
