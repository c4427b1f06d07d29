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
        var warnings = events.Where(e => e.Kind is RunEventKind.PhaseOverrun or RunEventKind.NoticeUndelivered).Select(e => e.Message).Distinct().ToList();
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
            run.Reason,
            HalfFinished(run, plan, byId));
    }

    /// <summary>A failed or aborted run whose promotion succeeded: what stays, and what a person does next.</summary>
    internal static HalfFinishedFailover? HalfFinished(RunRecord run, Plan plan, IReadOnlyDictionary<string, StepRecord> steps)
    {
        if (run.Status is not (RunStatus.Failed or RunStatus.Aborted))
        {
            return null;
        }

        var promotion = plan.Steps.LastOrDefault(s => Fencing.Promotions.Promoted(s) is not null && steps.GetValueOrDefault(s.Id)?.Status == StepStatus.Succeeded);
        if (promotion is null)
        {
            return null;
        }

        var promoted = Fencing.Promotions.Promoted(promotion)!;
        var failed = plan.Steps.FirstOrDefault(s => steps.GetValueOrDefault(s.Id)?.Status == StepStatus.Failed && s.OnFailure != OnFailure.Continue);
        var how = run.Status == RunStatus.Aborted ? "was aborted" : failed is null ? "failed" : $"failed at {failed.Id}";
        var summary = $"half-finished failover: {promoted} was promoted (step {promotion.Id}, epoch {run.Epoch}), then the run {how}; {promoted} stays the primary and the watchdog fences any other writable member";
        var next = $"retry: fix{(failed is null ? " the cause" : $" what failed at {failed.Id}")}, then run the plan again (lifeline run {run.Scenario} --mode {Mode(run)} --profile {run.Profile}): "
            + $"its promotion finds {promoted} already primary and the remaining steps run; or fail back deliberately with a plan that promotes the old primary under a newer epoch. Nothing is reverted by itself.";
        return new HalfFinishedFailover(promoted, promotion.Id, run.Epoch, failed?.Id, summary, next);
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
