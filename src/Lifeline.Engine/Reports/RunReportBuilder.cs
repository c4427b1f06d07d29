using Lifeline.Core.Estates;
using Lifeline.Core.Plans;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Runs;

namespace Lifeline.Engine.Reports;

/// <summary>Builds a report from stored state alone, so a report is the same whether the run just ended or ended last week.</summary>
internal static class RunReportBuilder
{
    public static RunReport Build(RunRecord run, Plan plan, Estate estate, IReadOnlyList<StepRecord> steps, IReadOnlyList<RunEvent> events, DateTimeOffset now)
    {
        var byId = steps.ToDictionary(s => s.StepId, StringComparer.Ordinal);
        var phases = plan.Phases.Select(p => Phase(p, byId, events, now)).ToList();
        var stepReports = new List<StepReport>();
        foreach (var phase in plan.Phases)
        {
            foreach (var step in phase.Steps.SelectMany(s => s.Compensation is null ? [s] : new[] { s, s.Compensation }))
            {
                if (!byId.TryGetValue(step.Id, out var record))
                {
                    if (step.Compensation is null && phase.Steps.Contains(step))
                    {
                        stepReports.Add(new StepReport(step.Id, phase.Id, Kind(step), "pending", 0, null, null, null, new Dictionary<string, string>(), null));
                    }

                    continue;
                }

                stepReports.Add(new StepReport(
                    step.Id,
                    phase.Id,
                    Kind(step),
                    Status(record.Status),
                    record.Attempt,
                    record.StartedAt,
                    record.FinishedAt,
                    record.StartedAt is { } s && record.FinishedAt is { } f ? Seconds(f - s) : null,
                    record.Outputs,
                    record.Error));
            }
        }

        var end = run.FinishedAt ?? now;
        TimeSpan? objective = plan.RtoTier is not null && estate.Objectives.Rto.TryGetValue(plan.RtoTier, out var o) ? o : null;
        var elapsed = end - run.ClockStart;
        var rto = new RtoReport(plan.RtoTier, objective is null ? null : Seconds(objective.Value), Seconds(elapsed), run.ClockStart, objective is null ? null : elapsed <= objective);
        var warnings = events.Where(e => e.Kind == RunEventKind.PhaseOverrun).Select(e => e.Message).Distinct().ToList();
        return new RunReport(
            run.Id,
            run.Scenario,
            run.EstateName,
            Mode(run),
            run.Profile,
            WireName.Of(run.Status),
            run.StartedAt,
            run.FinishedAt,
            run.Epoch,
            rto,
            phases,
            stepReports,
            warnings,
            run.Reason);
    }

    private static PhaseReport Phase(Phase phase, Dictionary<string, StepRecord> steps, IReadOnlyList<RunEvent> events, DateTimeOffset now)
    {
        var records = phase.Steps.Select(s => steps.GetValueOrDefault(s.Id)).ToList();
        var starts = records.Where(r => r?.StartedAt is not null).Select(r => r!.StartedAt!.Value).ToList();
        var finished = events.Any(e => e.Kind == RunEventKind.PhaseFinished && e.PhaseId == phase.Id);
        string status;
        double? actual = null;
        if (starts.Count == 0)
        {
            status = records.TrueForAll(r => r?.Status == StepStatus.Skipped) && records.Count > 0 && records[0] is not null ? "skipped" : "pending";
        }
        else
        {
            var ends = records.Where(r => r?.FinishedAt is not null).Select(r => r!.FinishedAt!.Value).ToList();
            var end = finished && ends.Count > 0 ? ends.Max() : now;
            actual = Seconds(end - starts.Min());
            status = records.Exists(r => r?.Status == StepStatus.Failed) ? "failed"
                : records.Exists(r => r?.Status is StepStatus.Waiting or StepStatus.NeedsOperator) ? "waiting"
                : !finished ? "running"
                : actual > Seconds(phase.Budget) ? "overrun"
                : "succeeded";
        }

        return new PhaseReport(
            phase.Id,
            phase.Name,
            Seconds(phase.Budget),
            actual,
            status,
            phase.WindowStart is null ? null : Seconds(phase.WindowStart.Value),
            phase.WindowEnd is null ? null : Seconds(phase.WindowEnd.Value));
    }

    internal static string Kind(Step step) => WireName.Of(step.Kind);

    internal static string Mode(RunRecord run) => WireName.Of(run.Mode);

    private static string Status(StepStatus status) => WireName.Of(status);

    private static double Seconds(TimeSpan span) => Math.Round(span.TotalSeconds, 3);
}
