using Lifeline.Engine.Scheduling;
using Lifeline.Core.Plans;
using Lifeline.Core.Providers;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Checkpoints;
using Lifeline.Engine.Detection;
using Lifeline.Engine.Fencing;
using Lifeline.Engine.Incidents;
using Lifeline.Engine.Secrets;

namespace Lifeline.Engine.Monitoring;

/// <summary>
/// Detection and automatic failover: every interval, probe every monitored resource from this vantage point (remote
/// agents add theirs), keep the observations in a bounded window, evaluate each plan's trigger, decide by its policy,
/// and watch every database cluster for a second writable primary. Runs it starts are ordinary runs: audited, epoch-
/// fenced and resumable.
/// </summary>
public sealed partial class MonitorService : IAsyncDisposable
{
    private readonly MonitorOptions _options;
    private readonly ProviderRegistry _providers;
    private readonly Func<string, string?> _environment;
    private readonly TimeProvider _time;
    private readonly IMonitorObserver _observer;
    private readonly Prober _prober;
    private readonly TriggerEvaluator _evaluator;
    private readonly SplitBrainWatchdog _watchdog;
    private readonly Dictionary<string, bool> _fired = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Resource, string Vantage), bool> _health = [];
    private readonly List<Task> _runs = [];
    private readonly Dictionary<string, (Core.PlanFiles.LoadedEstate? Estate, string? Error)> _runEstates = new(StringComparer.Ordinal);
    private readonly Lock _runsLock = new();
    private DateTimeOffset _lastEscalation = DateTimeOffset.MinValue;
    private SqliteRunStore _runStore = null!;
    private SqliteIncidentStore _incidentStore = null!;
    private SqliteMonitorStore _store = null!;
    private SqliteAuditTrail _audit = null!;
    private readonly CancellationTokenSource _stopWarmup = new();
    private Task<RecoveryPathWarmup.Result> _warmup = Task.FromResult(new RecoveryPathWarmup.Result(0, TimeSpan.Zero));

    private MonitorService(MonitorOptions options, IReadOnlyList<ProbeCall> calls, ProviderRegistry providers, Func<string, string?> environment, TimeProvider time, IMonitorObserver observer)
    {
        _options = options;
        _providers = providers;
        _environment = environment;
        _time = time;
        _observer = observer;
        Calls = calls;
        Window = new ObservationWindow { DefaultCadence = options.Interval };
        _prober = new Prober(providers, calls, options.Vantage, options.EffectiveProbeTimeout, time);
        _evaluator = new TriggerEvaluator(calls, Window, options.Freshness);
        _watchdog = new SplitBrainWatchdog(this);
    }

    public IReadOnlyList<ProbeCall> Calls { get; }

    public ObservationWindow Window { get; }

    /// <summary>Builds the monitor; fails with every problem at once when a monitored binding cannot be resolved.</summary>
    public static async Task<(MonitorService? Monitor, IReadOnlyList<string> Errors)> CreateAsync(
        MonitorOptions options, ProviderRegistry providers, Func<string, string?> environment, TimeProvider time, IMonitorObserver observer, CancellationToken cancellationToken)
    {
        var (calls, errors) = ProbeCatalog.Build(options.Estate.Estate, options.Profile, environment, new Redactor());
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        if (calls.Count == 0)
        {
            return (null, [$"estate '{options.Estate.Estate.Name}' has no resources with a monitor: block; nothing to watch"]);
        }

        var monitor = new MonitorService(options, calls, providers, environment, time, observer);
        monitor._runStore = await SqliteRunStore.OpenAsync(options.StatePath, cancellationToken);
        monitor._incidentStore = await SqliteIncidentStore.OpenAsync(options.StatePath, cancellationToken);
        monitor._store = await SqliteMonitorStore.OpenAsync(options.StatePath, cancellationToken);
        monitor._audit = await SqliteAuditTrail.OpenAsync(options.StatePath, time, cancellationToken);
        if (monitor.PreflightAll() is { Count: > 0 } problems)
        {
            await monitor.DisposeAsync();
            return (null, problems);
        }

        monitor._warmup = monitor.WarmUpAsync(monitor._stopWarmup.Token);
        return (monitor, []);
    }

    /// <summary>Probes, evaluates and watches every interval until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Emit(MonitorEventKind.Started, $"watching {Calls.Count} probes of {_options.Estate.Estate.Name} ({_options.Profile}) from {_options.Vantage} every {Core.Time.DurationText.Format(_options.Interval)}");
        var next = _time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            next += _options.Interval;
            var wait = next - _time.GetUtcNow();
            if (wait < TimeSpan.Zero)
            {
                // A round overran the interval: start the next one now rather than bunching up probes to catch up.
                next = _time.GetUtcNow();
                continue;
            }

            try
            {
                await Task.Delay(wait, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One round: probe from this vantage point, record, evaluate triggers, check for split brain.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        var stall = NoteRound(_time.GetUtcNow());
        var observations = await _prober.ProbeAllAsync(cancellationToken);
        if (stall is not null)
        {
            await RecordStallAsync(stall, cancellationToken);
        }

        await IngestAsync(observations, cancellationToken);
        var now = _time.GetUtcNow();
        CheckSettingsOnce();
        await EvaluateTriggersAsync(now, cancellationToken);
        await _watchdog.CheckAsync(now, cancellationToken);
        if (_options.Escalation is { } notifier && now - _lastEscalation >= _options.EscalationInterval)
        {
            _lastEscalation = now;
            var escalation = new Incidents.Escalation.IncidentEscalationService(_incidentStore, _options.Estate.Estate, notifier, _audit);
            await escalation.TickAsync(now, cancellationToken);
        }
    }

    /// <summary>Adds observations (this vantage point's, or an agent's) to the window and the stored summary.</summary>
    public async Task IngestAsync(IReadOnlyList<Observation> observations, CancellationToken cancellationToken)
    {
        await NoteAgentsAsync(observations, cancellationToken);
        foreach (var observation in observations)
        {
            Window.Add(observation);
            var key = (observation.Resource, observation.Vantage);
            bool changed;
            lock (_health)
            {
                changed = !_health.TryGetValue(key, out var before) || before != observation.Healthy;
                _health[key] = observation.Healthy;
            }

            if (changed)
            {
                await _store.SaveHealthAsync(new HealthSummary(observation.Resource, observation.Vantage, observation.Healthy, observation.At, observation.At, observation.Detail), cancellationToken);
                Emit(MonitorEventKind.HealthChanged, $"{observation.Resource} from {observation.Vantage}: {(observation.Healthy ? "healthy" : "UNHEALTHY")} ({observation.Detail})", resource: observation.Resource);
            }
        }
    }

    /// <summary>Waits for the runs the monitor started to finish.</summary>
    public async Task WaitForRunsAsync()
    {
        Task[] runs;
        lock (_runsLock)
        {
            runs = [.. _runs];
        }

        await Task.WhenAll(runs);
    }

    /// <summary>
    /// Completes when the recovery path has been compiled ahead (see <see cref="RecoveryPathWarmup"/>) and the providers
    /// of the plans this monitor may start are prepared (the AWS CLI's version checked, the message templates rendered once).
    /// </summary>
    internal Task<RecoveryPathWarmup.Result> WarmedUp => _warmup;

    private async Task<RecoveryPathWarmup.Result> WarmUpAsync(CancellationToken cancellationToken)
    {
        var triggered = _options.Estate.Plans.Where(p => p.Trigger is { } t && Evaluable(t));
        var prepared = ProviderPreparation.RunAsync(ProviderPreparation.For(triggered, _options.Estate.Estate, _options.Profile, _providers), cancellationToken);
        var compiled = await RecoveryPathWarmup.StartAsync(_providers, cancellationToken);
        await prepared;
        return compiled;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopWarmup.CancelAsync();
        await _warmup;
        _stopWarmup.Dispose();
        await WaitForRunsAsync();
        await _runStore.DisposeAsync();
        await _audit.DisposeAsync();
    }

    internal MonitorOptions Options => _options;

    internal ProviderRegistry Providers => _providers;

    internal SqliteMonitorStore Store => _store;

    internal SqliteRunStore RunStore => _runStore;

    internal SqliteAuditTrail AuditTrail => _audit;

    internal IncidentService Incidents => new(_incidentStore, _runStore, _time, severities: SeverityLevel.Of(_options.Estate.Estate));

    internal TimeProvider Time => _time;

    internal Task AuditAsync(string action, string detail, string? runId, string? incidentId, CancellationToken cancellationToken) =>
        _audit.AppendAsync(AuditEntry.Create(MonitorOptions.Actor, action, detail, new Redactor(), runId, incidentId), cancellationToken);

    internal void Emit(MonitorEventKind kind, string message, string? scenario = null, string? resource = null, string? runId = null, string? incidentId = null) =>
        _observer.OnEvent(new MonitorEvent(_time.GetUtcNow(), kind, message, scenario, resource, runId, incidentId));

    private static bool Evaluable(Trigger trigger) => trigger.Kind is "site-unreachable" or "database-unreachable" or "service-unhealthy";
}
