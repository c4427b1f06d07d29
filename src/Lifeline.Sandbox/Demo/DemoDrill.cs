using System.Globalization;
using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Checkpoints;
using Lifeline.Engine.Incidents;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Scheduling;
using Lifeline.Sandbox.Environment;
using Lifeline.Sandbox.Workload;

namespace Lifeline.Sandbox.Demo;

/// <summary>
/// The main job: sandbox up → workload through DNS → baseline → fault (SIGKILL of the primary site) → the
/// region-failover plan as a drill → validation → measured RTO and RPO → sandbox down. RTO is read off the clock
/// (fault to validated); RPO is counted, as acknowledged writes missing from the recovered database.
/// </summary>
internal sealed partial class DemoDrill(ProviderRegistry providers, TimeProvider time)
{
    private const string Operator = "lifeline demo";
    private static readonly TimeSpan SteadyState = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RecoveryObservation = TimeSpan.FromSeconds(20);

    public async Task<(DemoReport? Report, string? Error)> RunAsync(DemoOptions options, IProgress<string> progress, IRunObserver observer, CancellationToken cancellationToken)
    {
        var manager = new SandboxManager(time);
        var inputs = new Dictionary<string, string>
        {
            ["criteria-window"] = Core.Time.DurationText.Format(options.CriteriaWindow),
            ["baseline"] = "@" + Path.Combine(Path.GetFullPath(options.SandboxDirectory), "baseline.json"),
            ["update-interval"] = Core.Time.DurationText.Format(options.UpdateInterval),
        };
        var (sources, readErrors) = EstateSources.Read(options.EstateDirectory);
        if (sources is null)
        {
            return (null, string.Join("\n", readErrors));
        }

        var (loaded, diagnostics) = EstateLoader.Load(sources, new LoadOptions(DemoOptions.Profile, inputs, providers));
        if (loaded is null)
        {
            return (null, string.Join("\n", diagnostics.Where(d => d.IsError)));
        }

        if (loaded.Estate.Sandbox is not { } topology)
        {
            return (null, $"{sources.EstateFile}: the estate has no sandbox section; expected sandbox: {{ sites: [...], components: {{...}} }} (docs/sandbox.md)");
        }

        progress.Report($"sandbox up in {options.SandboxDirectory}{(options.Sync ? " (synchronous replication)" : "")}");
        var up = await manager.UpAsync(new SandboxOptions(options.SandboxDirectory, topology, options.Sync), progress, cancellationToken);
        if (!up.Succeeded)
        {
            return (null, up.Error);
        }

        var (targets, targetError) = DemoTargets.From(up.Value!);
        try
        {
            return targets is null ? (null, targetError) : await DrillAsync(manager, up.Value!, targets, loaded, inputs, options, progress, observer, cancellationToken);
        }
        finally
        {
            if (!options.Keep)
            {
                progress.Report("sandbox down");
                var down = await manager.DownAsync(options.SandboxDirectory, CancellationToken.None);
                if (!down.Succeeded)
                {
                    progress.Report($"warning: {down.Error}");
                }
            }
            else
            {
                // A kept sandbox is healed, so what is left to look at is the outcome: the old primary fenced, the new one serving.
                if (options.FaultName == SandboxManager.PartitionFault && targets is not null)
                {
                    var heal = await manager.HealSiteAsync(options.SandboxDirectory, targets.PrimarySite, CancellationToken.None);
                    progress.Report(heal.Value ?? $"warning: {heal.Error}");
                }

                progress.Report($"sandbox kept in {options.SandboxDirectory}; stop it with: lifeline sandbox down --dir {options.SandboxDirectory}");
            }
        }
    }

    private async Task<(DemoReport? Report, string? Error)> DrillAsync(
        SandboxManager manager, SandboxState state, DemoTargets targets, LoadedEstate loaded, Dictionary<string, string> inputs, DemoOptions options,
        IProgress<string> progress, IRunObserver observer, CancellationToken cancellationToken)
    {
        var env = state.Settings;
        string? Environment(string name) => env.TryGetValue(name, out var value) ? value : System.Environment.GetEnvironmentVariable(name);
        var baselineFile = Path.Combine(state.Directory, "baseline.json");
        // Clients write through the DNS name, as real ones would, for the whole drill.
        var workload = new WorkloadRunner(
            new WorkloadOptions(targets.DnsName, targets.ServicePort, targets.Dns, Path.Combine(state.Directory, "workload.jsonl")) { RatePerSecond = options.WritesPerSecond },
            time);
        using var stopWorkload = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writing = workload.RunAsync(stopWorkload.Token);
        try
        {
            progress.Report($"workload writing {options.WritesPerSecond.ToString(CultureInfo.InvariantCulture)} patients/s through {targets.DnsName}");
            await Task.Delay(SteadyState, time, cancellationToken);
            if (workload.Snapshot().Acknowledged.Count == 0)
            {
                return (null, $"the workload could not write through {targets.DnsName}: {workload.Snapshot().Failures.LastOrDefault()?.Error ?? "no answer"}");
            }

            var primary = new Dictionary<string, string>(targets.PrimarySettings);
            var baseline = await ExecuteAsync("postgres", Operations.Database.BaselineCapture.Name, primary, new Dictionary<string, string> { ["file"] = baselineFile }, cancellationToken);
            if (!baseline.Succeeded)
            {
                return (null, $"baseline capture failed: {baseline.Error}");
            }

            progress.Report($"baseline captured: {baseline.Outputs.GetValueOrDefault("baseline")}");
            var lag = await ProbeAsync("postgres", Operations.Database.Status.Name, primary, cancellationToken);
            var faultAt = time.GetUtcNow();
            async Task<DateTimeOffset?> InjectAsync(CancellationToken token)
            {
                faultAt = time.GetUtcNow();
                var fault = options.FaultName == SandboxManager.PartitionFault
                    ? await manager.PartitionSiteAsync(state.Directory, targets.PrimarySite, token)
                    : await manager.FaultAsync(state.Directory, options.FaultName, token);
                if (!fault.Succeeded)
                {
                    progress.Report($"fault failed: {fault.Error}");
                    return null;
                }

                progress.Report($"fault injected: {fault.Value}");
                return faultAt;
            }

            RunOutcome run;
            DemoDetection? detection = null;
            if (options.Auto)
            {
                (run, detection) = await DetectAndRecoverAsync(loaded, inputs, options, Environment, InjectAsync, targets, progress, cancellationToken);
            }
            else
            {
                if (await InjectAsync(cancellationToken) is null)
                {
                    return (null, "the fault could not be injected");
                }

                run = await RunPlanAsync(loaded, inputs, faultAt, options, Environment, observer, cancellationToken);
            }

            if (run.Report is null)
            {
                return (null, run.Error);
            }

            // Keep writing until clients see the recovery (or give up), so client downtime has an end.
            var recoveredBy = time.GetUtcNow() + RecoveryObservation;
            while (workload.Snapshot().FirstAckAfter(faultAt) is null && time.GetUtcNow() < recoveredBy)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
            }

            await stopWorkload.CancelAsync();
            await writing;
            var snapshot = workload.Snapshot();
            var rpo = await CountLostAsync(snapshot, faultAt, targets.ReplicaConnection, cancellationToken);
            if (run.IncidentId is { } incidentId && rpo is not null)
            {
                await RecordImpactAsync(options.StatePath, incidentId, rpo, cancellationToken);
            }

            return (Report(run.Report, loaded, options, faultAt, lag, snapshot, rpo) with { IncidentId = run.IncidentId, Detection = detection }, null);
        }
        finally
        {
            await stopWorkload.CancelAsync();
            await writing;
        }
    }

    private async Task<RunOutcome> RunPlanAsync(
        LoadedEstate loaded, Dictionary<string, string> inputs, DateTimeOffset faultAt, DemoOptions options, Func<string, string?> environment, IRunObserver observer, CancellationToken cancellationToken)
    {
        await using var store = await SqliteRunStore.OpenAsync(options.StatePath, cancellationToken);
        var incidents = new IncidentService(await SqliteIncidentStore.OpenAsync(options.StatePath, cancellationToken), store, time, severities: SeverityLevel.Of(loaded.Estate));
        var plan = loaded.FindPlan(DemoOptions.Scenario)!;
        var (incident, _) = await incidents.OpenAsync($"Drill: {plan.Scenario} on {loaded.Estate.Name}", plan.Severity, plan.Scenario, Operator, null, plan.PossibleBreach, faultAt, cancellationToken);
        await incidents.SetStatusAsync(incident!.Id, IncidentStatus.Mitigating, Operator, cancellationToken);
        await using var audit = await SqliteAuditTrail.OpenAsync(options.StatePath, time, cancellationToken);
        var runs = new RunService(providers, store, time, environment, audit);
        var request = new StartRunRequest(
            loaded,
            DemoOptions.Scenario,
            RunMode.Drill,
            DemoOptions.Profile,
            inputs,
            RunBehaviour.Default with { AutoApprove = options.AutoApprove, WaitForDecisions = !options.AutoApprove, ExtraChannels = options.ExtraChannels },
            options.StartedBy,
            faultAt);
        var outcome = await runs.StartAsync(request, observer, cancellationToken);
        if (outcome.Report is { } report)
        {
            await incidents.LinkRunAsync(incident.Id, report.RunId, Operator, cancellationToken);
            if (report.Status == "succeeded")
            {
                await incidents.SetStatusAsync(incident.Id, IncidentStatus.Monitoring, Operator, cancellationToken);
            }
        }

        return outcome with { IncidentId = incident.Id };
    }

    private async Task RecordImpactAsync(string statePath, string incidentId, RpoResult rpo, CancellationToken cancellationToken)
    {
        await using var store = await SqliteRunStore.OpenAsync(statePath, cancellationToken);
        var incidents = new IncidentService(await SqliteIncidentStore.OpenAsync(statePath, cancellationToken), store, time);
        await incidents.RecordImpactAsync(incidentId, new IncidentImpact(null, rpo.Lost, rpo.LostWindowSeconds), Operator, cancellationToken);
    }

    private async Task<OperationOutcome> ExecuteAsync(string provider, string operation, Dictionary<string, string> settings, Dictionary<string, string> inputs, CancellationToken cancellationToken) =>
        await providers.Implementation(provider)!.ExecuteAsync(new OperationRequest(operation, null, settings, inputs, Context()), cancellationToken);

    private async Task<ProbeOutcome> ProbeAsync(string provider, string probe, Dictionary<string, string> settings, CancellationToken cancellationToken) =>
        await providers.Implementation(provider)!.ProbeAsync(new ProbeRequest(probe, null, settings, new Dictionary<string, string>(), Context()), cancellationToken);

    private static StepContext Context() => new("demo", "demo", 1, 0, RunMode.Drill, new DiscardLog());

    private static async Task<RpoResult?> CountLostAsync(WorkloadSnapshot snapshot, DateTimeOffset faultAt, string connection, CancellationToken cancellationToken)
    {
        try
        {
            return await RpoCounter.CountLostAsync(snapshot.AcknowledgedBefore(faultAt), connection, cancellationToken);
        }
        catch (Npgsql.NpgsqlException)
        {
            return null;
        }
    }

    private sealed class DiscardLog : IStepLog
    {
        public void Write(string line)
        {
        }
    }
}
