using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.Plans;

/// <summary>
/// A scenario's recovery plan: phases with time budgets, run in order; inside a phase, steps form a DAG through
/// <c>needs</c> and independent steps run in parallel.
/// </summary>
public sealed record Plan(
    string Scenario,
    string Description,
    string Severity,
    Trigger? Trigger,
    string? RtoTier,
    string? RpoClass,
    IReadOnlyList<PlanInput> Inputs,
    IReadOnlyList<Phase> Phases,
    SourceLocation Location)
{
    public IEnumerable<Step> Steps => Phases.SelectMany(p => p.Steps);

    /// <summary>Status updates sent at a fixed interval while the run executes; none when absent.</summary>
    public StatusUpdatePolicy? StatusUpdates { get; init; }

    /// <summary>
    /// Whether an incident opened for this plan is a possible breach of protected health information from the moment it
    /// is discovered: its breach clock (HIPAA's 60 days) starts at the incident's opening, whoever opens it.
    /// </summary>
    public bool PossibleBreach { get; init; }

    /// <summary>
    /// The value of each input as the plan was read (given, or its default): the loader substitutes inputs into the
    /// plan's text, so these, not a run's record, are what its steps hold.
    /// </summary>
    public IReadOnlyDictionary<string, string> InputValues { get; init; } = new Dictionary<string, string>();

    /// <summary>The profiles the plan is written for (its <c>profiles:</c>); empty means every profile of the estate.</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [];

    public Step? FindStep(string id) => Steps.FirstOrDefault(s => s.Id == id);

    public Phase PhaseOf(string stepId) => Phases.First(p => p.Steps.Any(s => s.Id == stepId));
}
