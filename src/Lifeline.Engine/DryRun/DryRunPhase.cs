namespace Lifeline.Engine.DryRun;

public sealed record DryRunPhase(string Id, string Name, double BudgetS, string? Window, IReadOnlyList<DryRunStep> Steps);
