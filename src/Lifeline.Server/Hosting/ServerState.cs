using Lifeline.Core.Providers;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Checkpoints;
using Lifeline.Engine.Incidents;
using Lifeline.Engine.Monitoring;
using Lifeline.Engine.Scheduling;
using Lifeline.Server.Security;

namespace Lifeline.Server.Hosting;

/// <summary>The open state database (runs, incidents, audit trail, users) and the services over it; closed with the server.</summary>
internal sealed class ServerState(SqliteRunStore store, SqliteAuditTrail audit, IncidentService incidents, UserStore users, RunService runs, SqliteMonitorStore monitor) : IAsyncDisposable
{
    public SqliteRunStore Store => store;

    public SqliteAuditTrail Audit => audit;

    public IncidentService Incidents => incidents;

    public UserStore Users => users;

    public RunService Runs => runs;

    /// <summary>The monitor's stored health and anti-flapping blocks (written by <c>serve --monitor</c> or <c>lifeline monitor</c>).</summary>
    public SqliteMonitorStore Monitor => monitor;

    public static async Task<ServerState> OpenAsync(ServerOptions options, ProviderRegistry providers, TimeProvider time, CancellationToken cancellationToken)
    {
        var store = await SqliteRunStore.OpenAsync(options.StatePath, cancellationToken);
        var audit = await SqliteAuditTrail.OpenAsync(options.StatePath, time, cancellationToken);
        var incidents = new IncidentService(await SqliteIncidentStore.OpenAsync(options.StatePath, cancellationToken), store, time, audit);
        var users = await UserStore.OpenAsync(options.StatePath, time, cancellationToken);
        var monitor = await SqliteMonitorStore.OpenAsync(options.StatePath, cancellationToken);
        return new ServerState(store, audit, incidents, users, new RunService(providers, store, time, options.Environment, audit), monitor);
    }

    public async ValueTask DisposeAsync()
    {
        await audit.DisposeAsync();
        await store.DisposeAsync();
    }
}
