using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Lifeline.Core.PlanFiles;
using Lifeline.Core.Plans;
using Lifeline.Core.Providers;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Checkpoints;
using Lifeline.Engine.DryRun;
using Lifeline.Engine.Reports;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Secrets;

namespace Lifeline.Engine.Scheduling;

/// <summary>
/// Starts, resumes, steers and reports runs. The CLI and (later) the server talk to this; it owns the rules on what
/// may happen to a run and when.
/// </summary>
public sealed partial class RunService(ProviderRegistry providers, IRunStore store, TimeProvider time, Func<string, string?> environment, IAuditTrail? audit = null)
{
    /// <summary>How many runs' restored estates reports keep (a server polled for a run's report re-parsed its plan every time).</summary>
    private const int RestoredForReports = 64;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, LoadedEstate?> _restored = new(StringComparer.Ordinal);

    /// <summary>
    /// The one place a session is put together from this service's parts (providers, store, clock, environment, audit
    /// trail); preflight, dry-run, start and resume differ only in the run, observer, behaviour and whether it is audited.
    /// </summary>
    private RunSession Session(RunRecord run, LoadedEstate estate, Plan plan, IRunObserver observer, RunBehaviour behaviour, bool audited) =>
        new(run, estate, plan, providers, store, time, observer, new Redactor(), environment, behaviour, audited ? audit : null);

    /// <summary>Every reference the run would need that does not resolve now; empty when it could start.</summary>
    public IReadOnlyList<string> Preflight(StartRunRequest request)
    {
        var plan = request.Estate.FindPlan(request.Scenario) ?? throw new ArgumentException($"no plan for scenario '{request.Scenario}'", nameof(request));
        var session = Session(NewRecord(request, plan, "preflight", 0, time.GetUtcNow()), request.Estate, plan, NullRunObserver.Instance, request.Behaviour, audited: false);
        DryRunDescriber.Describe(session, out var unresolved);
        return unresolved;
    }

    public DryRunReport DryRun(StartRunRequest request)
    {
        var plan = request.Estate.FindPlan(request.Scenario) ?? throw new ArgumentException($"no plan for scenario '{request.Scenario}'", nameof(request));
        var now = time.GetUtcNow();
        var run = NewRecord(request, plan, "dry-run", 0, now);
        var session = Session(run, request.Estate, plan, NullRunObserver.Instance, request.Behaviour, audited: false);
        return DryRunDescriber.Describe(session);
    }

    public async Task<RunOutcome> StartAsync(StartRunRequest request, IRunObserver observer, CancellationToken cancellationToken)
    {
        if (request.Estate.FindPlan(request.Scenario) is not { } plan)
        {
            return RunOutcome.Rejected($"no plan for scenario '{request.Scenario}'; expected one of: {string.Join(", ", request.Estate.Plans.Select(p => p.Scenario))}");
        }

        if (plan.Profiles.Count > 0 && !plan.Profiles.Contains(request.Profile, StringComparer.Ordinal))
        {
            return RunOutcome.Rejected($"nothing was started: plan '{plan.Scenario}' runs in profile{(plan.Profiles.Count == 1 ? "" : "s")} {string.Join(", ", plan.Profiles)} only (its profiles: key), not '{request.Profile}'");
        }

        if (InputsReadOtherwise(plan, request.Inputs) is { } differences)
        {
            // A host bug, not a user's: the run would record (and a resume would read the plan with) inputs its steps never saw.
            return RunOutcome.Rejected($"nothing was started: plan '{plan.Scenario}' was read with other inputs than the run was given ({differences}); read the plan with the run's inputs");
        }

        // Everything a step will need must resolve before anything runs: no half-done recovery for want of a variable.
        var preflight = Session(NewRecord(request, plan, "preflight", 0, time.GetUtcNow()), request.Estate, plan, NullRunObserver.Instance, request.Behaviour, audited: false);
        DryRunDescriber.Describe(preflight, out var unresolved);
        if (unresolved.Count > 0)
        {
            return RunOutcome.Rejected($"nothing was started: {unresolved.Count} reference{(unresolved.Count == 1 ? "" : "s")} would not resolve:\n  " + string.Join("\n  ", unresolved));
        }

        var now = time.GetUtcNow();
        var epoch = await store.NextEpochAsync(cancellationToken);
        var id = string.Create(CultureInfo.InvariantCulture, $"{now:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}");
        var run = NewRecord(request, plan, id, epoch, now);
        using var claim = store.TryLockRun(id);
        var session = Session(run, request.Estate, plan, observer, request.Behaviour, audited: true);
        var started = session.Event(RunEventKind.RunStarted, $"{RunReportBuilder.Mode(run)} run of {plan.Scenario} on {request.Estate.Estate.Name} ({request.Profile}) by {request.StartedBy}, epoch {epoch}");
        await store.CreateRunAsync(run, started, cancellationToken);
        await session.AuditAsync(started, request.StartedBy, cancellationToken);
        observer.OnEvent(started);
        foreach (var step in plan.Steps)
        {
            session.States[step.Id] = new StepRecord(id, step.Id, StepStatus.Pending, 0, null, null, new Dictionary<string, string>(), null);
        }

        await new RunExecutor(session).ExecuteAsync(cancellationToken);
        return RunOutcome.Of(await ReportAsync(id, cancellationToken) ?? throw new InvalidOperationException("run vanished"));
    }

    /// <summary>Each input whose value as the plan was read differs from the run's (given, or the default); null when none does.</summary>
    private static string? InputsReadOtherwise(Plan plan, IReadOnlyDictionary<string, string> given)
    {
        var differences = new List<string>();
        foreach (var input in plan.Inputs)
        {
            var run = given.TryGetValue(input.Name, out var value) ? value : input.Default;
            var read = plan.InputValues.GetValueOrDefault(input.Name);
            if (!string.Equals(run, read, StringComparison.Ordinal))
            {
                differences.Add($"{input.Name}: read as '{read}', given '{run}'");
            }
        }

        return differences.Count == 0 ? null : string.Join("; ", differences);
    }

    public async Task<RunReport?> ReportAsync(string runId, CancellationToken cancellationToken)
    {
        var run = await store.GetRunAsync(runId, cancellationToken);
        if (run is null || RestoreForReport(run) is not { } loaded || loaded.FindPlan(run.Scenario) is not { } plan)
        {
            return null;
        }

        var steps = await store.GetStepsAsync(runId, cancellationToken);
        var events = await store.GetEventsAsync(runId, cancellationToken);
        return RunReportBuilder.Build(run, plan, loaded.Estate, steps, events, time.GetUtcNow());
    }

    public Task<IReadOnlyList<RunRecord>> ListAsync(int limit, CancellationToken cancellationToken) => store.ListRunsAsync(limit, cancellationToken);

    public Task<IReadOnlyList<RunEvent>> EventsAsync(string runId, CancellationToken cancellationToken) => store.GetEventsAsync(runId, cancellationToken);

    private RunRecord NewRecord(StartRunRequest request, Plan plan, string id, long epoch, DateTimeOffset now) => new(
        id,
        plan.Scenario,
        request.Estate.Estate.Name,
        request.Mode,
        request.Profile,
        RunStatus.Running,
        now,
        request.Since ?? now,
        null,
        epoch,
        request.Behaviour.AutoApprove,
        request.StartedBy,
        JsonSerializer.Serialize(new SourcesSnapshot(request.Estate.Sources.Root, request.Estate.Sources.EstateFile, request.Estate.Sources.Files, request.Estate.Sources.Narrowed), EngineJson.Default.SourcesSnapshot),
        JsonSerializer.Serialize(new Dictionary<string, string>(request.Inputs), StoreJson.Default.DictionaryStringString),
        null);

    /// <summary>Re-parses the files the run started with; the run keeps its plan even if the files changed since.</summary>
    /// <summary>The run's estate as it was when it started (its sources never change), parsed once per run for reports.</summary>
    private LoadedEstate? RestoreForReport(RunRecord run)
    {
        if (_restored.TryGetValue(run.Id, out var cached))
        {
            return cached;
        }

        var loaded = Restore(run);
        if (_restored.Count >= RestoredForReports)
        {
            _restored.Clear();
        }

        _restored[run.Id] = loaded;
        return loaded;
    }

    private LoadedEstate? Restore(RunRecord run)
    {
        var snapshot = JsonSerializer.Deserialize(run.Sources, EngineJson.Default.SourcesSnapshot);
        if (snapshot is null)
        {
            return null;
        }

        var inputs = JsonSerializer.Deserialize(run.Inputs, StoreJson.Default.DictionaryStringString) ?? [];
        // A run of one plan read alone (its siblings left out) is restored the same way, or its estate would not load.
        var sources = new EstateSources(snapshot.Root, snapshot.EstateFile, snapshot.Files) { Narrowed = snapshot.Narrowed };
        var (loaded, _) = EstateLoader.Load(sources, new LoadOptions(run.Profile, inputs, providers));
        return loaded;
    }
}
