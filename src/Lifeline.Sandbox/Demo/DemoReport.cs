namespace Lifeline.Sandbox.Demo;

/// <summary>
/// What an auditor asks after a drill: was it recovered, how long did it take by the clock, how long were clients
/// unable to write, and how many acknowledged writes were lost. Serialised with snake_case names.
/// </summary>
internal sealed record DemoReport(
    string Status,
    string Scenario,
    string RunId,
    bool Sync,
    DateTimeOffset FaultAt,
    DemoRto Rto,
    DemoRpo Rpo,
    DemoReplication Replication,
    IReadOnlyList<DemoPhase> Phases,
    IReadOnlyList<DemoValidation> Validation)
{
    /// <summary>The incident the drill opened; its timeline holds the run (lifeline incident show ID).</summary>
    public string? IncidentId { get; init; }

    /// <summary>Detection timings when the monitor started the recovery (<c>demo --auto</c>); null for a scripted start.</summary>
    public DemoDetection? Detection { get; init; }

    /// <summary>The drill scenario (an entry of the estate's <c>sandbox.scenarios</c>); <see cref="Scenario"/> is its plan.</summary>
    public string Drill { get; init; } = "";

    /// <summary>The scenarios run first in the same sandbox (<c>after:</c>), first first, each measured on its own.</summary>
    public IReadOnlyList<DemoReport> Before { get; init; } = [];
}
