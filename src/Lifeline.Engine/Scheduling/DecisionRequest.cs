using Lifeline.Engine.Runs;

namespace Lifeline.Engine.Scheduling;

/// <summary>
/// A person's decision on a run. <see cref="By"/> is who decides (recorded, audited, counted once per gate);
/// <see cref="Contact"/> is the estate contact they are, matched against a gate's approver list (default: <see cref="By"/>).
/// </summary>
public sealed record DecisionRequest(string RunId, string? StepId, DecisionKind Kind, string By, string? Reason)
{
    public string? Contact { get; init; }

    /// <summary>The name matched against approver and operator lists.</summary>
    public string Identity => Contact ?? By;
}
