using Lifeline.Core.Providers;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Checkpoints;
using Lifeline.Engine.Incidents;
using Lifeline.Engine.Scheduling;
using Lifeline.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Cli.Hosting;

/// <summary>The CLI's composition root: providers from DI; the run store and audit trail opened only by commands that need them.</summary>
internal static class CliServices
{
    private static readonly Lazy<ServiceProvider> Services = new(() => new ServiceCollection().AddLifelineProviders().BuildServiceProvider());

    public static ProviderRegistry Providers => Services.Value.GetRequiredService<ProviderRegistry>();

    public static TimeProvider Time => TimeProvider.System;

    public static async Task<(IncidentService Incidents, RunService Runs, StateHandle State)> OpenIncidentsAsync(string statePath, CancellationToken cancellationToken)
    {
        var (runs, state) = await OpenAsync(statePath, cancellationToken);
        var incidents = await SqliteIncidentStore.OpenAsync(statePath, cancellationToken);
        return (new IncidentService(incidents, state.Store, Time, state.Audit), runs, state);
    }

    public static async Task<(RunService Runs, StateHandle State)> OpenAsync(string statePath, CancellationToken cancellationToken)
    {
        var store = await SqliteRunStore.OpenAsync(statePath, cancellationToken);
        var audit = await SqliteAuditTrail.OpenAsync(statePath, Time, cancellationToken);
        return (new RunService(Providers, store, Time, RunEnvironment.Get, audit), new StateHandle(store, audit));
    }
}
