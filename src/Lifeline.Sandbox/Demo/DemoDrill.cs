using System.Globalization;
using Lifeline.Core.Estates.Sandbox;
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
/// The main job: sandbox up → workload through DNS → baseline → the drill scenario's faults → its plan as a drill →
/// validation → measured RTO and RPO → sandbox down. A scenario that runs <c>after</c> another runs that one first, in the
/// same sandbox and under the same workload. RTO is read off the clock (fault to the plan's end); RPO is counted, as
/// acknowledged writes missing from the database the service is left writing to.
/// </summary>
internal sealed partial class DemoDrill(ProviderRegistry providers, TimeProvider time)
{
    private const string Operator = "lifeline demo";
    private const string BaselineInput = "baseline";
    private static readonly TimeSpan SteadyState = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan FirstWriteWithin = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RecoveryObservation = TimeSpan.FromSeconds(20);

    public async Task<(DemoReport? Report, string? Error)> RunAsync(DemoOptions options, IProgress<string> progress, IRunObserver observer, CancellationToken cancellationToken)
    {
        var manager = new SandboxManager(time);
        var (segments, topology, prepareError) = Prepare(options);
        if (segments is null)
        {
            return (null, prepareError);
        }

        progress.Report($"sandbox up in {options.SandboxDirectory}{(options.Sync ? " (synchronous replication)" : "")}");
        var up = await manager.UpAsync(new SandboxOptions(options.SandboxDirectory, topology!, options.Sync), progress, cancellationToken);
        if (!up.Succeeded)
        {
            return (null, up.Error);
        }

        options.SandboxUp?.Invoke(up.Value!);
        var (targets, targetError) = DemoTargets.From(up.Value!);
        var partitioned = new List<string>();
        try
        {
            return targets is null ? (null, targetError) : await DrillAsync(manager, up.Value!, targets, segments, options, partitioned, progress, observer, cancellationToken);
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
                foreach (var site in partitioned.Distinct(StringComparer.Ordinal))
                {
                    var heal = await manager.HealSiteAsync(options.SandboxDirectory, site, CancellationToken.None);
                    progress.Report(heal.Value ?? $"warning: {heal.Error}");
                }

                progress.Report($"sandbox kept in {options.SandboxDirectory}; stop it with: lifeline sandbox down --dir {options.SandboxDirectory}");
            }
        }
    }

    /// <summary>
    /// Every scenario of the drill loaded with its inputs before anything starts, so a mistake costs no sandbox: the demo's
    /// own inputs go to plans that declare them, and the scenario's inputs override them.
    /// </summary>
    private (IReadOnlyList<DemoSegment>? Segments, SandboxTopology? Topology, string? Error) Prepare(DemoOptions options)
    {
        var (sources, readErrors) = EstateSources.Read(options.EstateDirectory);
        if (sources is null)
        {
            return (null, null, string.Join("\n", readErrors));
        }

        var (estate, diagnostics) = EstateLoader.Load(sources, new LoadOptions(DemoOptions.Profile, new Dictionary<string, string>(), providers));
        if (estate is null)
        {
            return (null, null, string.Join("\n", diagnostics.Where(d => d.IsError)));
        }

        if (estate.Estate.Sandbox is not { } topology)
        {
            return (null, null, $"{sources.EstateFile}: the estate has no sandbox section; expected sandbox: {{ sites: [...], components: {{...}} }} (docs/sandbox.md)");
        }

        var (chain, chainError) = DemoScenarios.Resolve(estate.Estate, sources.EstateFile, options.ScenarioName);
        if (chain is null)
        {
            return (null, null, chainError);
        }

        var segments = new List<DemoSegment>();
        foreach (var scenario in chain)
        {
            if (estate.FindPlan(scenario.Plan) is not { } declared)
            {
                return (null, null, $"{sources.EstateFile}: drill scenario '{scenario.Name}' runs plan '{scenario.Plan}', which the estate does not have; expected a plan in {EstateSources.PlansFolder}/ with scenario: {scenario.Plan}");
            }

            var names = declared.Inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
            var inputs = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["criteria-window"] = Core.Time.DurationText.Format(options.CriteriaWindow),
                [BaselineInput] = "@" + BaselineFile(options.SandboxDirectory),
                ["update-interval"] = Core.Time.DurationText.Format(options.UpdateInterval),
                ["load-duration"] = Core.Time.DurationText.Format(options.LoadDuration),
            };
            inputs = inputs.Where(i => names.Contains(i.Key)).ToDictionary(StringComparer.Ordinal);
            foreach (var (name, value) in scenario.Inputs)
            {
                inputs[name] = value;
            }

            var (loaded, loadDiagnostics) = EstateLoader.Load(sources, new LoadOptions(DemoOptions.Profile, inputs, providers));
            if (loaded is null)
            {
                return (null, null, string.Join("\n", loadDiagnostics.Where(d => d.IsError)));
            }

            var last = scenario == chain[^1];
            IReadOnlyList<SandboxFault> faults = last && options.FaultName is { } fault ? [new SandboxFault(fault, null, Core.Diagnostics.SourceLocation.None)] : scenario.Faults;
            segments.Add(new DemoSegment(scenario, loaded, loaded.FindPlan(scenario.Plan)!, inputs, faults, last));
        }

        return (segments, topology, null);
    }

    private static string BaselineFile(string sandboxDirectory) => Path.Combine(Path.GetFullPath(sandboxDirectory), "baseline.json");

    private async Task<(DemoReport? Report, string? Error)> DrillAsync(
        SandboxManager manager, SandboxState state, DemoTargets targets, IReadOnlyList<DemoSegment> segments, DemoOptions options, List<string> partitioned,
        IProgress<string> progress, IRunObserver observer, CancellationToken cancellationToken)
    {
        DemoWorkload? workload = null;
        if (segments.Any(s => s.Scenario.Workload))
        {
            // Clients write through the DNS name, as real ones would, for the whole drill.
            workload = new DemoWorkload(
                new WorkloadRunner(new WorkloadOptions(targets.DnsName, targets.ServicePort, targets.Dns, Path.Combine(state.Directory, "workload.jsonl")) { RatePerSecond = options.WritesPerSecond }, time),
                cancellationToken);
        }

        try
        {
            if (workload is not null)
            {
                progress.Report($"workload writing {options.WritesPerSecond.ToString(CultureInfo.InvariantCulture)} patients/s through {targets.DnsName}");
                // A service just started answers its first writes slowly on a busy host (its code is compiled on first
                // use): the steady state is counted from the first acknowledged write, not from the start.
                var warmUp = time.GetUtcNow() + FirstWriteWithin;
                while (workload.Snapshot().Acknowledged.Count == 0 && time.GetUtcNow() < warmUp)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
                }

                if (workload.Snapshot().Acknowledged.Count == 0)
                {
                    return (null, $"the workload could not write through {targets.DnsName} within {FirstWriteWithin.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s: {workload.Snapshot().Failures.LastOrDefault()?.Error ?? "no answer"}");
                }

                await Task.Delay(SteadyState, time, cancellationToken);
            }

            var before = new List<DemoReport>();
            foreach (var segment in segments)
            {
                if (segments.Count > 1)
                {
                    progress.Report($"scenario {segment.Scenario.Name}{(segment.Last ? "" : $" (before {segments[^1].Scenario.Name})")}: plan {segment.Plan.Scenario}");
                }

                if (before.Count > 0)
                {
                    // A scenario run after another (failback) starts once the lost site is back: its infrastructure restarts.
                    foreach (var site in state.Topology.Sites)
                    {
                        var restored = await manager.RestoreSiteAsync(state = (await SandboxManager.ReadStateAsync(state.Directory, cancellationToken))!, site, cancellationToken);
                        progress.Report(restored.Value ?? $"warning: {restored.Error}");
                    }
                }

                var (report, error) = await SegmentAsync(manager, state, targets, segment, workload, options, partitioned, progress, observer, cancellationToken);
                if (report is null)
                {
                    return (null, segments.Count > 1 ? $"scenario {segment.Scenario.Name}: {error}" : error);
                }

                if (segment.Last || report.Status != "succeeded")
                {
                    var rest = segments.SkipWhile(s => s != segment).Skip(1).Select(s => new DemoValidation(s.Scenario.Name, "failed", $"not run: {segment.Scenario.Name}, which it runs after, failed"));
                    List<DemoValidation> validation = [.. before.Select(b => new DemoValidation(b.Drill, b.Status == "succeeded" ? "passed" : "failed", $"run first: run {b.RunId} {b.Status}, RTO {b.Rto.AchievedS.ToString(CultureInfo.InvariantCulture)} s, {b.Rpo.LostWrites} writes lost")), .. report.Validation, .. rest];
                    return (report with
                    {
                        Status = validation.TrueForAll(v => v.Status == "passed") ? "succeeded" : "failed",
                        Validation = validation,
                        Before = before,
                    }, null);
                }

                before.Add(report);
            }

            return (null, "the drill has no scenario to run");
        }
        finally
        {
            if (workload is not null)
            {
                await workload.DisposeAsync();
            }
        }
    }

    /// <summary>One scenario: baseline, faults, the plan as a drill, then what the clients and the recovered database show.</summary>
    private async Task<(DemoReport? Report, string? Error)> SegmentAsync(
        SandboxManager manager, SandboxState state, DemoTargets targets, DemoSegment segment, DemoWorkload? workload, DemoOptions options, List<string> partitioned,
        IProgress<string> progress, IRunObserver observer, CancellationToken cancellationToken)
    {
        var env = state.Settings;
        string? Environment(string name) => env.TryGetValue(name, out var value) ? value : System.Environment.GetEnvironmentVariable(name);
        // Where the service writes now: the primary at first, wherever an earlier scenario left it after that.
        var serving = DemoDatabase.Read(targets.ServiceSecretFile)?.Settings ?? new Dictionary<string, string>(targets.PrimarySettings);
        if (segment.Inputs.GetValueOrDefault(BaselineInput) == "@" + BaselineFile(options.SandboxDirectory))
        {
            var baseline = await ExecuteAsync("postgres", Operations.Database.BaselineCapture.Name, serving, new Dictionary<string, string> { ["file"] = BaselineFile(options.SandboxDirectory) }, cancellationToken);
            if (!baseline.Succeeded)
            {
                return (null, $"baseline capture failed: {baseline.Error}");
            }

            progress.Report($"baseline captured: {baseline.Outputs.GetValueOrDefault("baseline")}");
        }

        var lag = await ProbeAsync("postgres", Operations.Database.Status.Name, serving, cancellationToken);
        var faultAt = time.GetUtcNow();
        async Task<DateTimeOffset?> InjectAsync(CancellationToken token)
        {
            faultAt = time.GetUtcNow();
            if (segment.Faults.Count == 0)
            {
                progress.Report($"no fault: {segment.Scenario.Name} is a planned drill; the RTO clock starts with the plan");
            }

            foreach (var fault in segment.Faults)
            {
                SandboxResult<string> applied;
                if (fault.Word == SandboxManager.PartitionFault)
                {
                    var site = fault.Target ?? targets.PrimarySite;
                    partitioned.Add(site);
                    applied = await manager.PartitionSiteAsync(state.Directory, site, token);
                }
                else
                {
                    applied = await manager.FaultAsync(state.Directory, fault.Word, fault.Target, token);
                }

                if (!applied.Succeeded)
                {
                    progress.Report($"fault failed: {applied.Error}");
                    return null;
                }

                progress.Report($"fault injected: {applied.Value}");
            }

            return faultAt;
        }

        RunOutcome run;
        DemoDetection? detection = null;
        var partition = segment.Faults.Any(f => f.Word == SandboxManager.PartitionFault);
        if (options.Auto && segment.Last)
        {
            (run, detection) = await DetectAndRecoverAsync(segment, options, Environment, InjectAsync, targets, partition, progress, cancellationToken);
        }
        else
        {
            if (await InjectAsync(cancellationToken) is null)
            {
                return (null, "the fault could not be injected");
            }

            if (segment.Scenario.FaultTimeInput is { } faultTimeInput)
            {
                var (timed, timeError) = WithInput(segment, options, faultTimeInput, faultAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                if (timed is null)
                {
                    return (null, timeError);
                }

                segment = timed;
                progress.Report($"input {faultTimeInput} = {segment.Inputs[faultTimeInput]} (the fault's time)");
            }

            run = await RunPlanAsync(segment, faultAt, options, Environment, observer, cancellationToken);
        }

        if (run.Report is null)
        {
            return (null, run.Error);
        }

        WorkloadSnapshot? snapshot = null;
        RpoResult? rpo = null;
        if (workload is not null)
        {
            // Keep writing until clients see the recovery (or give up), so client downtime has an end.
            var recoveredBy = time.GetUtcNow() + RecoveryObservation;
            while (workload.Snapshot().FirstAckAfter(faultAt) is null && time.GetUtcNow() < recoveredBy)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
            }

            if (segment.Last)
            {
                await workload.StopAsync();
            }

            snapshot = workload.Snapshot();
            if (segment.Scenario.Workload)
            {
                // After a fault, what was acknowledged before it; after a planned switch, everything acknowledged so far.
                var acknowledged = segment.Faults.Count > 0 ? snapshot.AcknowledgedBefore(faultAt) : snapshot.Acknowledged;
                var serviceDatabase = DemoDatabase.Read(await ServingSecretFileAsync(targets, cancellationToken));
                rpo = await CountLostAsync(acknowledged, serviceDatabase?.ConnectionString ?? targets.ReplicaConnection, cancellationToken);
                if (segment.Faults.Count > 0 && rpo is not null)
                {
                    // Writes acknowledged after the fault but absent where the service is left: those a restore to a point
                    // before the fault gave up (made on the damaged database before the service moved).
                    var after = await CountLostAsync([.. snapshot.Acknowledged.Where(a => a.AcknowledgedAt >= faultAt)], serviceDatabase?.ConnectionString ?? targets.ReplicaConnection, cancellationToken);
                    rpo = rpo with { LostAfterFault = after };
                    if (after is { Lost: > 0 })
                    {
                        progress.Report($"{after.Lost} of {after.Acknowledged} writes acknowledged after the fault are not in the recovered database");
                    }
                }

                var where = serviceDatabase is null ? $"the first replica (127.0.0.1:{targets.ReplicaSettings["port"]})" : $"the service's database ({serviceDatabase.Host}:{serviceDatabase.Port.ToString(CultureInfo.InvariantCulture)})";
                progress.Report(rpo is null ? $"lost writes not counted: {where} could not be queried" : $"{rpo.Lost} of {rpo.Acknowledged} acknowledged writes lost, counted on {where}");
                if (run.IncidentId is { } incidentId && rpo is not null)
                {
                    await RecordImpactAsync(options.StatePath, incidentId, rpo, cancellationToken);
                }
            }
        }

        return (Report(run.Report, segment, options, faultAt, lag, snapshot, rpo) with { IncidentId = run.IncidentId, Detection = detection, Drill = segment.Scenario.Name }, null);
    }

    /// <summary>The segment loaded again with one more input (the fault's time), as Prepare loads it.</summary>
    private (DemoSegment? Segment, string? Error) WithInput(DemoSegment segment, DemoOptions options, string name, string value)
    {
        var (sources, readErrors) = EstateSources.Read(options.EstateDirectory);
        if (sources is null)
        {
            return (null, string.Join("\n", readErrors));
        }

        var inputs = new Dictionary<string, string>(segment.Inputs, StringComparer.Ordinal) { [name] = value };
        var (loaded, diagnostics) = EstateLoader.Load(sources, new LoadOptions(DemoOptions.Profile, inputs, providers));
        return loaded?.FindPlan(segment.Scenario.Plan) is { } plan
            ? (segment with { Loaded = loaded, Plan = plan, Inputs = inputs }, null)
            : (null, string.Join("\n", diagnostics.Where(d => d.IsError)));
    }

    /// <summary>
    /// The secret of the service the drill's clients reach: for a service with a secret per site, the one of the site
    /// the DNS name answers with now (the primary's after a restore or failback, the DR site's after a failover).
    /// </summary>
    private static async Task<string?> ServingSecretFileAsync(DemoTargets targets, CancellationToken cancellationToken)
    {
        if (targets.SiteSecretFiles.Count == 0)
        {
            return targets.ServiceSecretFile;
        }

        var answer = await new DnsAddressResolver(targets.Dns).ResolveAsync(targets.DnsName, cancellationToken);
        var site = answer.Error is null && answer.Addresses.Count > 0 ? answer.Addresses[0].GetAddressBytes()[2] : -1;
        return targets.SiteSecretFiles.TryGetValue(site, out var file) && File.Exists(file) ? file : targets.ServiceSecretFile;
    }

    private async Task<RunOutcome> RunPlanAsync(
        DemoSegment segment, DateTimeOffset faultAt, DemoOptions options, Func<string, string?> environment, IRunObserver observer, CancellationToken cancellationToken)
    {
        var loaded = segment.Loaded;
        var plan = segment.Plan;
        await using var store = await SqliteRunStore.OpenAsync(options.StatePath, cancellationToken);
        var incidents = new IncidentService(await SqliteIncidentStore.OpenAsync(options.StatePath, cancellationToken), store, time, severities: SeverityLevel.Of(loaded.Estate));
        var (incident, _) = await incidents.OpenAsync($"Drill: {plan.Scenario} on {loaded.Estate.Name}", plan.Severity, plan.Scenario, Operator, null, plan.PossibleBreach, faultAt, cancellationToken);
        await incidents.SetStatusAsync(incident!.Id, IncidentStatus.Mitigating, Operator, cancellationToken);
        await using var audit = await SqliteAuditTrail.OpenAsync(options.StatePath, time, cancellationToken);
        var runs = new RunService(providers, store, time, environment, audit);
        var request = new StartRunRequest(
            loaded,
            plan.Scenario,
            RunMode.Drill,
            DemoOptions.Profile,
            segment.Inputs,
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

    /// <summary>A plan that measures a recovery point against the moment of loss is told the fault's time, unless the scenario says.</summary>
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

    private static async Task<RpoResult?> CountLostAsync(IReadOnlyList<AcknowledgedWrite> acknowledged, string connection, CancellationToken cancellationToken)
    {
        try
        {
            return await RpoCounter.CountLostAsync(acknowledged, connection, cancellationToken);
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
