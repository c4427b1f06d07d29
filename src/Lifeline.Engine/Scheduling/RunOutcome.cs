using Lifeline.Engine.Reports;

namespace Lifeline.Engine.Scheduling;

/// <summary>A run's report, or why the request could not be carried out (with the CLI exit code that says so).</summary>
public sealed record RunOutcome(RunReport? Report, string? Error, int ExitCode)
{
    /// <summary>Another live process is executing the run (and will pick up decisions by itself).</summary>
    public bool Busy { get; init; }

    /// <summary>The incident the run was carried out for, when there is one.</summary>
    public string? IncidentId { get; init; }

    public static RunOutcome Of(RunReport report) => new(report, null, report.ExitCode);

    public static RunOutcome Rejected(string error, int exitCode = 2) => new(null, error, exitCode);
}
