namespace Lifeline.Engine.DryRun;

/// <summary>What a run would do, step by step, with every binding and expression resolved and nothing executed.</summary>
public sealed record DryRunReport(
    string Scenario,
    string Estate,
    string Profile,
    string Mode,
    string Severity,
    string? RtoTier,
    double? RtoObjectiveS,
    double TotalBudgetS,
    IReadOnlyList<DryRunPhase> Phases,
    IReadOnlyList<string> Warnings);
