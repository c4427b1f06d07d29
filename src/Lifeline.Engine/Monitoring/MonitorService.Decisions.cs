using Lifeline.Core.Plans;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Detection;
using Lifeline.Engine.Incidents;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Scheduling;

namespace Lifeline.Engine.Monitoring;

public sealed partial class MonitorService
{
    private async Task EvaluateTriggersAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var plan in _options.Estate.Plans.Where(p => p.Trigger is { } t && Evaluable(t)))
        {
            var trigger = _options.DecisionOverride is { } policy ? plan.Trigger! with { Decision = policy } : plan.Trigger!;
            var assessment = _evaluator.Evaluate(trigger, now);
            var fired = _fired.GetValueOrDefault(plan.Scenario);
            if (fired)
            {
                // Hysteresis: a fired trigger re-arms only after its subject has been healthy for the clear-after window.
                if (assessment.Healthy)
                {
                    _fired[plan.Scenario] = false;
                    Emit(MonitorEventKind.Cleared, $"{plan.Scenario}: {trigger.Subject} healthy again; trigger re-armed", plan.Scenario);
                }

                continue;
            }

            if (!assessment.Holds)
            {
                continue;
            }

            _fired[plan.Scenario] = true;
            await DecideAsync(plan, trigger, assessment, now, cancellationToken);
        }
    }

    private async Task DecideAsync(Plan plan, Trigger trigger, TriggerAssessment assessment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var estate = _options.Estate.Estate;
        var site = trigger.Kind == "site-unreachable" ? trigger.Subject : estate.FindResource(trigger.Subject)?.Site ?? "";
        var severity = SeverityClassifier.Classify(Calls, Window, site);
        Emit(MonitorEventKind.Detected, $"{plan.Scenario}: {assessment.Evidence}; {severity.Name} {severity.Description}", plan.Scenario);
        // The audit record and the anti-flapping read are independent; both finish before the run starts, so the trail
        // still shows the detection before the run, and the recovery waits for the slower of the two, not their sum.
        var audited = AuditAsync("monitor.detected", $"{plan.Scenario}: {assessment.Evidence}", null, null, cancellationToken);
        var failovers = _store.FailoversAsync(estate.Name, cancellationToken);
        await Task.WhenAll(audited, failovers);
        var block = (await failovers).LastOrDefault(f => f.Scenario == plan.Scenario && f.Blocks(now));
        if (block is not null)
        {
            // Anti-flapping: never fail the same cluster over twice in a row on its own; a person lifts the block.
            var message = $"{plan.Scenario}: automatic failover blocked until {block.BlockedUntil:u} (run {block.RunId} failed over at {block.At:u}); lift it with: lifeline monitor unblock {plan.Scenario} --reason TEXT";
            Emit(MonitorEventKind.Blocked, message, plan.Scenario, runId: block.RunId);
            await AuditAsync("monitor.failover-blocked", message, block.RunId, null, cancellationToken);
            return;
        }

        var opening = OpenIncidentAsync(plan, trigger, assessment, severity.Name, now, cancellationToken);
        if (trigger.Decision == DecisionPolicy.Notify)
        {
            var id = await opening;
            Emit(MonitorEventKind.Detected, $"{plan.Scenario}: policy notify; incident {id} opened, no run started", plan.Scenario, incidentId: id);
            return;
        }

        // The recovery does not wait for the paperwork: the incident is opened while the run starts, and linked after.
        var started = StartRun(plan, trigger, assessment, opening, cancellationToken);
        lock (_runsLock)
        {
            _runs.Add(started);
            _runs.Add(opening);
        }
    }

    private async Task<string> OpenIncidentAsync(Plan plan, Trigger trigger, TriggerAssessment assessment, string severity, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var incidents = Incidents;
        var (incident, _) = await incidents.OpenAsync($"{Describe(trigger)}: {plan.Scenario} on {_options.Estate.Estate.Name}", severity, plan.Scenario, MonitorOptions.Actor, null, plan.PossibleBreach, assessment.OutageBegan ?? now, cancellationToken);
        await incidents.NoteAsync(incident!.Id, MonitorOptions.Actor, $"detected: {assessment.Evidence}; decision policy {WireName.Of(trigger.Decision)}", now, cancellationToken);
        if (trigger.Decision != DecisionPolicy.Notify)
        {
            await incidents.SetStatusAsync(incident.Id, IncidentStatus.Mitigating, MonitorOptions.Actor, cancellationToken);
        }

        return incident.Id;
    }

    private Task StartRun(Plan plan, Trigger trigger, TriggerAssessment assessment, Task<string> opening, CancellationToken cancellationToken) => Task.Run(
        async () =>
        {
            var (runEstate, loadError) = RunEstate(plan);
            if (runEstate is null)
            {
                Emit(MonitorEventKind.FailoverFinished, $"{plan.Scenario}: the plan could not be loaded for the run: {loadError}", plan.Scenario, incidentId: await opening);
                return;
            }

            var auto = trigger.Decision == DecisionPolicy.Auto;
            var behaviour = RunBehaviour.Default with { AutoApprove = auto, WaitForDecisions = true, ExtraChannels = _options.ExtraChannels, Leases = Leases };
            var request = new StartRunRequest(runEstate, plan.Scenario, _options.Mode, _options.Profile, RunInputs(plan), behaviour, MonitorOptions.Actor, assessment.OutageBegan);
            Emit(MonitorEventKind.FailoverStarted, $"{plan.Scenario}: starting the plan ({(auto ? "automatic" : "waiting for approval at its gate")})", plan.Scenario);
            var runs = new RunService(_providers, _runStore, _time, _environment, _audit);
            RunOutcome outcome;
            try
            {
                outcome = await runs.StartAsync(request, NullRunObserver.Instance, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The monitor is stopping. The run stops where it is, durable and resumable; the stop must not surface as
                // an exception from the monitor's disposal (a drill that timed out reported "operation was canceled").
                Emit(MonitorEventKind.FailoverFinished, $"{plan.Scenario}: the monitor stopped while its run was under way; the run can be resumed (lifeline runs resume)", plan.Scenario, incidentId: await opening);
                return;
            }

            var incidentId = await opening;
            if (outcome.Report is not { } report)
            {
                Emit(MonitorEventKind.FailoverFinished, $"{plan.Scenario}: the plan could not start: {outcome.Error}", plan.Scenario, incidentId: incidentId);
                await Incidents.NoteAsync(incidentId, MonitorOptions.Actor, $"the plan could not start: {outcome.Error}", null, CancellationToken.None);
                return;
            }

            var incidents = Incidents;
            await incidents.LinkRunAsync(incidentId, report.RunId, MonitorOptions.Actor, CancellationToken.None);
            var now = _time.GetUtcNow();
            if (report.Status == "succeeded")
            {
                var promoted = plan.Steps.Select(Fencing.Promotions.Promoted).LastOrDefault(p => p is not null);
                await _store.RecordFailoverAsync(_options.Estate.Estate.Name, plan.Scenario, report.RunId, promoted, now, now + trigger.Cooldown, CancellationToken.None);
                await incidents.SetStatusAsync(incidentId, IncidentStatus.Monitoring, MonitorOptions.Actor, CancellationToken.None);
            }
            else if (report.HalfFinished is { } half)
            {
                // The promotion stands (the newest epoch wins): it blocks further automatic failovers as a finished one would,
                // and a person decides what comes next.
                await _store.RecordFailoverAsync(_options.Estate.Estate.Name, plan.Scenario, report.RunId, half.Promoted, now, now + trigger.Cooldown, CancellationToken.None);
                await RaiseHalfFinishedAsync(plan.Scenario, report.RunId, half, incidentId, now);
            }

            Emit(MonitorEventKind.FailoverFinished, $"{plan.Scenario}: run {report.RunId} (epoch {report.Epoch}) {report.Status}", plan.Scenario, runId: report.RunId, incidentId: incidentId);
        },
        CancellationToken.None);

    private async Task RaiseHalfFinishedAsync(string scenario, string runId, Reports.HalfFinishedFailover half, string incidentId, DateTimeOffset now)
    {
        var title = $"Half-finished failover of {scenario}: run {runId} promoted {half.Promoted} (epoch {half.Epoch}), then {(half.FailedStep is null ? "stopped" : $"failed at {half.FailedStep}")}";
        var (incident, _) = await Incidents.OpenAsync(title, "P1", scenario, MonitorOptions.Actor, null, false, now, CancellationToken.None);
        if (incident is not null)
        {
            await Incidents.LinkRunAsync(incident.Id, runId, MonitorOptions.Actor, CancellationToken.None);
            await Incidents.NoteAsync(incident.Id, MonitorOptions.Actor, $"{half.Summary}. Next: {half.NextAction}", now, CancellationToken.None);
        }

        await Incidents.NoteAsync(incidentId, MonitorOptions.Actor, $"{half.Summary}. Next: {half.NextAction}", now, CancellationToken.None);
        Emit(MonitorEventKind.HalfFinished, $"{title}; {half.Promoted} stays the primary; next: {half.NextAction}", scenario, runId: runId, incidentId: incident?.Id, resource: half.Promoted);
        await AuditAsync("monitor.half-finished-failover", title, runId, incident?.Id, CancellationToken.None);
    }

    private Dictionary<string, string> RunInputs(Plan plan)
    {
        var inputs = new Dictionary<string, string>(_options.RunInputs, StringComparer.Ordinal);
        if (plan.Inputs.Any(i => i.Name == MonitorOptions.CriteriaWindowInput))
        {
            inputs[MonitorOptions.CriteriaWindowInput] = "0s";
        }

        if (plan.Inputs.Any(i => i.Name == MonitorOptions.CheckTimeoutInput))
        {
            inputs[MonitorOptions.CheckTimeoutInput] = CheckTimeout;
        }

        return inputs;
    }

    /// <summary>
    /// The estate as a run the monitor starts sees it: inputs are substituted when files load, so runs get their own
    /// load, with the window already observed. Loaded once, when the monitor starts, so an outage does not wait for it.
    /// </summary>
    private (Core.PlanFiles.LoadedEstate? Estate, string? Error) RunEstate(Plan plan)
    {
        lock (_runEstates)
        {
            if (!_runEstates.TryGetValue(plan.Scenario, out var cached))
            {
                var (loaded, diagnostics) = Core.PlanFiles.EstateLoader.Load(_options.Estate.Sources, new Core.PlanFiles.LoadOptions(_options.Profile, RunInputs(plan), _providers));
                cached = (loaded, loaded is null ? string.Join("; ", diagnostics.Where(d => d.IsError)) : null);
                _runEstates[plan.Scenario] = cached;
            }

            return cached;
        }
    }

    /// <summary>What would stop a triggered plan from starting, checked when the monitor starts rather than at 3 a.m.</summary>
    private IReadOnlyList<string> PreflightAll()
    {
        var problems = new List<string>();
        var runs = new RunService(_providers, _runStore, _time, _environment);
        foreach (var plan in _options.Estate.Plans.Where(p => p.Trigger is { } t && Evaluable(t)))
        {
            var (estate, error) = RunEstate(plan);
            if (estate is null)
            {
                problems.Add($"plan {plan.Scenario}: {error}");
                continue;
            }

            var request = new StartRunRequest(estate, plan.Scenario, _options.Mode, _options.Profile, RunInputs(plan), RunBehaviour.Default, MonitorOptions.Actor);
            problems.AddRange(runs.Preflight(request).Select(p => $"plan {plan.Scenario} could not run: {p}"));
        }

        return problems;
    }

    private static string Describe(Trigger trigger) => trigger.Kind switch
    {
        "site-unreachable" => $"Site {trigger.Subject} unreachable",
        "database-unreachable" => $"Database {trigger.Subject} unreachable",
        _ => $"Service {trigger.Subject} unhealthy",
    };
}
