namespace Lifeline.Sandbox.Demo;

/// <summary>A phase of the plan: budget against actual.</summary>
internal sealed record DemoPhase(string Name, double BudgetS, double? ActualS, string Status);
