using System.Collections.Concurrent;
using Lifeline.Core.Estates;
using Lifeline.Core.PlanFiles;
using Lifeline.Core.Plans;
using Lifeline.Core.Providers;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Checkpoints;
using Lifeline.Engine.Deliveries;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Secrets;

namespace Lifeline.Engine.Scheduling;

/// <summary>Everything one execution of a run shares: the plan, its bindings, the store, the clock and live state.</summary>
internal sealed class RunSession(
    RunRecord run,
    LoadedEstate loaded,
    Plan plan,
    ProviderRegistry providers,
    IRunStore store,
    TimeProvider time,
    IRunObserver observer,
    Redactor redactor,
    Func<string, string?> environment,
    RunBehaviour behaviour,
    IAuditTrail? audit = null)
{
    private readonly Lock _outboxGate = new();
    private DeliveryOutbox? _outbox;

    public RunRecord Run { get; } = run;

    public Estate Estate => Loaded.Estate;

    public LoadedEstate Loaded { get; } = loaded;

    public Plan Plan { get; } = plan;

    /// <summary>Every step and compensation by id; the scheduler looks steps up on every completion.</summary>
    public IReadOnlyDictionary<string, Step> StepsById { get; } = plan.Steps
        .SelectMany(s => s.Compensation is null ? [s] : new[] { s, s.Compensation })
        .ToDictionary(s => s.Id, StringComparer.Ordinal);

    public ProviderRegistry Providers { get; } = providers;

    public IRunStore Store { get; } = store;

    public TimeProvider Time { get; } = time;

    public IRunObserver Observer { get; } = observer;

    public Redactor Redactor { get; } = redactor;

    public Func<string, string?> Environment { get; } = environment;

    public RunBehaviour Behaviour { get; } = behaviour;

    public SecretResolver Secrets { get; } = new(loaded.Estate, redactor, environment);

    public IReadOnlyDictionary<string, string> Inputs { get; } =
        System.Text.Json.JsonSerializer.Deserialize(run.Inputs, StoreJson.Default.DictionaryStringString) ?? [];

    /// <summary>Unredacted outputs of finished steps, for <c>${{ steps.X.outputs.Y }}</c>.</summary>
    public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> Outputs { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, StepRecord> States { get; } = new(StringComparer.Ordinal);

    public DecisionWatcher Decisions { get; } = new(run.Id, store, time);

    /// <summary>The run's outbox: notify steps queue their notices here and go on.</summary>
    public DeliveryOutbox Outbox
    {
        get
        {
            lock (_outboxGate)
            {
                return _outbox ??= new DeliveryOutbox(this);
            }
        }
    }

    public RunEvent Event(RunEventKind kind, string message, string? phaseId = null, string? stepId = null, int attempt = 0) =>
        new(Run.Id, Time.GetUtcNow(), kind, phaseId, stepId, attempt, Redactor.Redact(message));

    public async Task PublishAsync(RunEvent runEvent, CancellationToken cancellationToken)
    {
        await Store.AppendEventAsync(runEvent, cancellationToken);
        await AuditAsync(runEvent, Run.StartedBy, cancellationToken);
        Observer.OnEvent(runEvent);
    }

    /// <summary>Writes the event to the tamper-evident audit trail when it is one the trail keeps.</summary>
    public Task AuditAsync(RunEvent runEvent, string actor, CancellationToken cancellationToken) =>
        RunAudit.RecordAsync(audit, runEvent, actor, Run.Epoch, Redactor, cancellationToken);

    public async Task TransitionAsync(StepRecord step, RunEvent runEvent, CancellationToken cancellationToken)
    {
        var redacted = step with { Outputs = Redactor.Redact(step.Outputs), Error = step.Error is null ? null : Redactor.Redact(step.Error) };
        States[step.StepId] = redacted;
        await Store.AppendAsync(new StepTransition(redacted, runEvent), cancellationToken);
        await AuditAsync(runEvent, Run.StartedBy, cancellationToken);
        Observer.OnEvent(runEvent);
    }
}
