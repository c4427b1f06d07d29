namespace Lifeline.Providers.Communications.Templates;

/// <summary>One line of a template's phase checklist: plain text and numbers only.</summary>
/// <param name="Name">The phase's name, e.g. "Phase 2: Data Recovery".</param>
/// <param name="Status">"done", "running" or "pending".</param>
/// <param name="Budget">The phase's time budget as text, e.g. "15m".</param>
/// <param name="BudgetMinutes">The same budget in whole minutes.</param>
/// <param name="Done">Whether the phase has finished (a ✓ in the checklist).</param>
public sealed record MessagePhase(string Name, string Status, string Budget, int BudgetMinutes, bool Done);
