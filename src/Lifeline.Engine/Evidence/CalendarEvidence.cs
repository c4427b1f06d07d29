namespace Lifeline.Engine.Evidence;

/// <summary>The calendar's occurrences that went overdue in the period, and what could not be judged from the state file.</summary>
internal sealed record CalendarEvidence(IReadOnlyList<OverdueItem> Overdue, IReadOnlyList<string> NotJudged);
