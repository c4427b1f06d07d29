namespace Lifeline.Engine.Evidence;

/// <summary>
/// A drill run in the period, graded from what the state file holds: passed only when the run succeeded and every
/// objective it is held to was measured and met (the rule of <c>DrillGrader</c>, ADR 0022). RPO is measured only when an
/// incident linked to the run recorded its data loss.
/// </summary>
internal sealed record DrillEvidence(
    string RunId,
    string Scenario,
    string Profile,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? RtoTier,
    double RtoS,
    double? RtoObjectiveS,
    string? RpoClass,
    double? RpoS,
    double? RpoObjectiveS,
    bool Passed,
    IReadOnlyList<string> Reasons)
{
    public string Grade => Passed ? "passed" : "failed";
}
