using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Incidents;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Scheduling;

namespace Lifeline.Engine.Evidence;

/// <summary>
/// Assembles the evidence for one estate and period from the state file alone: the runs, the incidents and the audit
/// trail. It reads; it never writes, so producing evidence leaves no trace an auditor would have to explain.
/// </summary>
internal sealed partial class EvidenceBuilder(RunService runs, IncidentService incidents, SqliteAuditTrail audit, TimeProvider time)
{
    /// <summary>The readiness history lives in the server's memory (<c>ReadinessHistory</c>); nothing stores it.</summary>
    public const string ReadinessNotRecorded =
        "not recorded: readiness reports are kept in the memory of the process that checked them (lifeline serve), not in the state file; run 'lifeline readiness' for the state now";

    public async Task<EvidenceReport> BuildAsync(LoadedEstate loaded, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var estate = loaded.Estate;
        var allIncidents = await incidents.ListAsync(cancellationToken);
        var inPeriod = (await runs.ListAsync(int.MaxValue, cancellationToken))
            .Where(r => r.EstateName == estate.Name && r.StartedAt >= since && r.StartedAt < until)
            .OrderBy(r => r.StartedAt)
            .ToList();
        var drillRuns = inPeriod.Where(r => r.Mode == RunMode.Drill).ToList();
        var drills = new List<DrillEvidence>();
        foreach (var run in drillRuns)
        {
            if (await DrillAsync(loaded, run, allIncidents, cancellationToken) is { } drill)
            {
                drills.Add(drill);
            }
        }

        var incidentEvidence = await IncidentsAsync(allIncidents, since, until, cancellationToken);
        return new EvidenceReport(
            estate.Name,
            since,
            until,
            time.GetUtcNow(),
            estate.Objectives.Rto.ToDictionary(p => p.Key, p => p.Value.TotalSeconds, StringComparer.Ordinal),
            estate.Objectives.Rpo.ToDictionary(p => p.Key, p => p.Value.TotalSeconds, StringComparer.Ordinal),
            drills,
            incidentEvidence,
            new ReadinessEvidence(false, ReadinessNotRecorded, []),
            Calendar(loaded, drillRuns, since, until),
            await AuditAsync(cancellationToken));
    }

    private async Task<DrillEvidence?> DrillAsync(LoadedEstate loaded, RunRecord run, IReadOnlyList<Incident> allIncidents, CancellationToken cancellationToken)
    {
        if (await runs.ReportAsync(run.Id, cancellationToken) is not { } report)
        {
            return null;
        }

        var rpoClass = loaded.FindPlan(run.Scenario)?.RpoClass;
        double? rpoObjective = rpoClass is not null && loaded.Estate.Objectives.Rpo.TryGetValue(rpoClass, out var rpo) ? rpo.TotalSeconds : null;
        // A drill's data loss is measured by whoever ran it and recorded on the incident it was linked to.
        var measuredRpo = allIncidents.Where(i => i.Runs.Contains(run.Id)).Select(i => i.Impact.LostWindowS).FirstOrDefault(v => v is not null);
        var reasons = new List<string>();
        if (report.Status != "succeeded")
        {
            reasons.Add($"run {run.Id} {report.Status}{(report.Reason is { } why ? $": {why}" : "")}");
        }

        if (report.Rto.ObjectiveS is { } rtoObjective && report.Rto.ElapsedS > rtoObjective)
        {
            reasons.Add($"RTO {Seconds(report.Rto.ElapsedS)} exceeded the objective {report.Rto.Tier} {Seconds(rtoObjective)}");
        }

        if (rpoObjective is { } rpoLimit)
        {
            if (measuredRpo is null)
            {
                reasons.Add($"RPO not measured (objective {rpoClass} {Seconds(rpoLimit)})");
            }
            else if (measuredRpo > rpoLimit)
            {
                reasons.Add($"RPO {Seconds(measuredRpo.Value)} exceeded the objective {rpoClass} {Seconds(rpoLimit)}");
            }
        }

        reasons.AddRange(report.Steps.Where(s => s.Kind.StartsWith("validate", StringComparison.Ordinal) && s.Status == "failed").Select(s => $"validation failed: {s.Id}"));
        return new DrillEvidence(run.Id, run.Scenario, run.Profile, report.Status, run.StartedAt, run.FinishedAt, report.Rto.Tier, report.Rto.ElapsedS,
            report.Rto.ObjectiveS, rpoClass, measuredRpo, rpoObjective, reasons.Count == 0, reasons);
    }

    private async Task<AuditEvidence> AuditAsync(CancellationToken cancellationToken)
    {
        var chain = await audit.VerifyAsync(null, cancellationToken);
        // Signatures are checked by 'lifeline audit verify --public-key'; here the checkpoints are compared with the chain.
        var checkpoints = await AuditCheckpointVerifier.VerifyAsync(audit, null, cancellationToken);
        var latest = (await audit.CheckpointsAsync(cancellationToken)).OrderByDescending(c => c.Sequence).ThenByDescending(c => c.Id).FirstOrDefault();
        return new AuditEvidence(AuditVerifyReport.From(chain, checkpoints), latest);
    }

    internal static string Seconds(double seconds) => Core.Time.DurationText.Format(TimeSpan.FromSeconds(seconds));
}
