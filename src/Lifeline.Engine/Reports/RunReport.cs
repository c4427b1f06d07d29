namespace Lifeline.Engine.Reports;

/// <summary>What a run did and how long it took, against its budgets and RTO objective. Serialised as the CLI's JSON.</summary>
public sealed record RunReport(
    string RunId,
    string Scenario,
    string Estate,
    string Mode,
    string Profile,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    long Epoch,
    RtoReport Rto,
    IReadOnlyList<PhaseReport> Phases,
    IReadOnlyList<StepReport> Steps,
    IReadOnlyList<string> Warnings,
    string? Reason,
    HalfFinishedFailover? HalfFinished = null)
{
    /// <summary>0 succeeded, 1 failed or aborted, 3 waiting for an approval or an operator.</summary>
    public int ExitCode => Status switch
    {
        "succeeded" => 0,
        "waiting" => 3,
        _ => 1,
    };
}
