using System.Globalization;
using Lifeline.Core.Providers;
using Lifeline.Engine.Reports;
using Lifeline.Sandbox.Workload;

namespace Lifeline.Sandbox.Demo;

internal sealed partial class DemoDrill
{
    private const string ValidationPhase = "validation";

    private static DemoReport Report(RunReport run, DemoSegment segment, DemoOptions options, DateTimeOffset faultAt, ProbeOutcome lag, WorkloadSnapshot? snapshot, RpoResult? rpo)
    {
        var objectives = segment.Loaded.Estate.Objectives;
        var plan = segment.Plan;
        var rtoObjective = plan.RtoTier is { } tier && objectives.Rto.TryGetValue(tier, out var r) ? r.TotalSeconds : double.PositiveInfinity;
        var rpoObjective = plan.RpoClass is { } data && objectives.Rpo.TryGetValue(data, out var p) ? p.TotalSeconds : double.PositiveInfinity;
        var achieved = ((run.FinishedAt ?? faultAt) - faultAt).TotalSeconds;
        var firstFailure = snapshot?.FirstFailureAfter(faultAt.AddSeconds(-1));
        var recovered = firstFailure is null ? null : snapshot!.FirstAckAfter(firstFailure.At);
        double? downtime = snapshot is null ? null : firstFailure is not null && recovered is not null ? (recovered.AcknowledgedAt - firstFailure.At).TotalSeconds : firstFailure is null ? 0 : null;
        var counted = segment.Scenario.Workload && snapshot is not null;

        var validation = run.Steps
            .Where(s => s.Phase == ValidationPhase && s.Kind != "notify")
            .Select(s => new DemoValidation(s.Id, s.Status == "succeeded" ? "passed" : "failed", s.Error ?? Detail(s)))
            .ToList();
        validation.Add(new DemoValidation("run", run.Status == "succeeded" ? "passed" : "failed", run.Reason ?? $"run {run.RunId} {run.Status}"));
        validation.Add(new DemoValidation(
            "rto-objective",
            achieved <= rtoObjective ? "passed" : "failed",
            $"achieved {Math.Round(achieved, 1).ToString(CultureInfo.InvariantCulture)} s of {rtoObjective.ToString(CultureInfo.InvariantCulture)} s"));
        if (counted)
        {
            validation.Add(rpo is null
                ? new DemoValidation("rpo-objective", "failed", "the recovered database could not be queried to count lost writes")
                : new DemoValidation(
                    "rpo-objective",
                    rpo.LostWindowSeconds <= rpoObjective ? "passed" : "failed",
                    $"{rpo.Lost} of {rpo.Acknowledged} acknowledged writes lost, window {Math.Round(rpo.LostWindowSeconds, 2).ToString(CultureInfo.InvariantCulture)} s of {rpoObjective.ToString(CultureInfo.InvariantCulture)} s"));
        }

        var extra = DemoExtraRpos.From(run, objectives);
        foreach (var measured in extra.Where(e => e.ObjectiveS is not null))
        {
            validation.Add(new DemoValidation(
                $"rpo-{measured.What}-objective",
                measured.AchievedS <= measured.ObjectiveS ? "passed" : "failed",
                $"{measured.What}: {measured.AchievedS.ToString(CultureInfo.InvariantCulture)} s (step {measured.Step}) of {measured.ObjectiveS!.Value.ToString(CultureInfo.InvariantCulture)} s ({measured.DataClass})"));
        }

        if (options.Sync && rpo is not null)
        {
            validation.Add(new DemoValidation("sync-no-loss", rpo.Lost == 0 ? "passed" : "failed", "synchronous replication must lose no acknowledged write"));
        }

        var status = validation.TrueForAll(v => v.Status == "passed") ? "succeeded" : "failed";
        return new DemoReport(
            status,
            run.Scenario,
            run.RunId,
            options.Sync,
            faultAt,
            new DemoRto(rtoObjective, Math.Round(achieved, 3), downtime is null ? null : Math.Round(downtime.Value, 3))
            {
                From = segment.Faults.Count > 0 ? "fault" : "plan-start",
                To = plan.Phases.Any(ph => ph.Id == ValidationPhase) ? "validated" : "plan-finished",
            },
            new DemoRpo(rpoObjective, rpo?.Acknowledged ?? 0, rpo?.Lost ?? 0, Math.Round(rpo?.LostWindowSeconds ?? 0, 3), rpo?.LostIds ?? [])
            {
                Extra = extra,
                WritesCounted = counted,
                LostAfterFault = rpo?.LostAfterFault?.Lost ?? 0,
                AcknowledgedAfterFault = rpo?.LostAfterFault?.Acknowledged ?? 0,
                LostAfterFaultIds = rpo?.LostAfterFault?.LostIds ?? [],
            },
            new DemoReplication(Number<long>(lag, "lag_bytes"), Number<double>(lag, "lag_seconds")),
            [.. run.Phases.Select(ph => new DemoPhase(ph.Name, ph.BudgetS, ph.ActualS, ph.Status))],
            validation);
    }

    private static string Detail(StepReport step) =>
        step.Outputs.TryGetValue("p95_ms", out var p95)
            ? $"{step.Outputs.GetValueOrDefault("requests")} requests, error rate {step.Outputs.GetValueOrDefault("error_rate")}, p50 {step.Outputs.GetValueOrDefault("p50_ms")} ms, p95 {p95} ms, max {step.Outputs.GetValueOrDefault("max_ms")} ms"
        : step.Outputs.TryGetValue("status", out var status) ? $"HTTP {status}"
        : step.Outputs.TryGetValue("detail", out var detail)
            ? step.Outputs.TryGetValue("rpo_audit_s", out var audit) && audit.Length > 0 ? $"{detail}; audit-log RPO {audit} s" : detail
        : step.Status;

    private static T? Number<T>(ProbeOutcome outcome, string field)
        where T : struct, IParsable<T> =>
        outcome.Fields.TryGetValue(field, out var text) && T.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : null;
}
