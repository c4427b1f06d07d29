using Lifeline.Core.Providers;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Checkpoints;
using Lifeline.Engine.Drills;
using Lifeline.Engine.Incidents;
using Lifeline.Engine.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Cli.Hosting;

/// <summary>
/// What a command works with, built once by <see cref="CliComposition"/> and handed to every command's <c>Create</c>:
/// the host's clock, the providers, the drill environment; the run store and audit trail opened only by commands that
/// need them. <c>${{ env.X }}</c> and default secrets read the process environment, unless a drill passes its sandbox's
/// settings (<see cref="DrillSandbox"/>).
/// </summary>
internal sealed class CliServices(IServiceProvider services, TimeProvider time)
{
    // Resolved on first use, so commands that need no provider (help, schema, users) do not build them.
    public ProviderRegistry Providers => services.GetRequiredService<ProviderRegistry>();

    public IDrillEnvironment Drills => services.GetRequiredService<IDrillEnvironment>();

    public TimeProvider Time => time;

    /// <summary>What <c>${{ env.NAME }}</c> and default secrets read outside drills: the process environment only.</summary>
    public static Func<string, string?> ProcessEnvironment => Environment.GetEnvironmentVariable;

    public async Task<(IncidentService Incidents, RunService Runs, StateHandle State)> OpenIncidentsAsync(string statePath, CancellationToken cancellationToken)
    {
        var (runs, state) = await OpenAsync(statePath, cancellationToken);
        var incidents = await SqliteIncidentStore.OpenAsync(statePath, cancellationToken);
        return (new IncidentService(incidents, state.Store, Time, state.Audit), runs, state);
    }

    public Task<(RunService Runs, StateHandle State)> OpenAsync(string statePath, CancellationToken cancellationToken) =>
        OpenAsync(statePath, ProcessEnvironment, cancellationToken);

    /// <summary>The run store and audit trail, and runs whose <c>${{ env.X }}</c> read <paramref name="environment"/>.</summary>
    public async Task<(RunService Runs, StateHandle State)> OpenAsync(string statePath, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var state = await OpenStateAsync(statePath, cancellationToken);
        return (Runs(state, environment), state);
    }

    /// <summary>The run store and audit trail alone (to read a run before deciding what its runs read).</summary>
    public async Task<StateHandle> OpenStateAsync(string statePath, CancellationToken cancellationToken)
    {
        var store = await SqliteRunStore.OpenAsync(statePath, cancellationToken);
        var audit = await SqliteAuditTrail.OpenAsync(statePath, Time, cancellationToken);
        return new StateHandle(store, audit);
    }

    /// <summary>Runs over an open state database whose <c>${{ env.X }}</c> read <paramref name="environment"/>.</summary>
    public RunService Runs(StateHandle state, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new RunService(Providers, state.Store, Time, environment, state.Audit);
    }
}
