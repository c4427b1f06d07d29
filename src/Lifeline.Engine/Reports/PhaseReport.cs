namespace Lifeline.Engine.Reports;

/// <summary>Planned against actual for one phase. Status: pending, running, waiting, succeeded, overrun, failed.</summary>
public sealed record PhaseReport(string Id, string Name, double BudgetS, double? ActualS, string Status, double? WindowStartS, double? WindowEndS);
