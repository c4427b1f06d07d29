using Lifeline.Core.Providers;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Checkpoints;
using Lifeline.Engine.Incidents;
using Lifeline.Engine.Monitoring;
using Lifeline.Engine.Scheduling;
using Lifeline.Server.Security;

namespace Lifeline.Server.Hosting;

/// <summary>The open state database (runs, incidents, audit trail, users) and the services over it; closed with the server.</summary>
internal sealed class ServerState(ServerStores stores, ProviderRegistry providers, TimeProvider time, ServerOptions options) : IAsyncDisposable
{
    public SqliteRunStore Store => stores.Store;

    public SqliteAuditTrail Audit => stores.Audit;

    public IncidentService Incidents { get; } = new(stores.Incidents, stores.Store, time, stores.Audit);

    public UserStore Users => stores.Users;

    public RunService Runs { get; } = new(providers, stores.Store, time, options.Environment, stores.Audit);

    /// <summary>The monitor's stored health and anti-flapping blocks (written by <c>serve --monitor</c> or <c>lifeline monitor</c>).</summary>
    public SqliteMonitorStore Monitor => stores.Monitor;

    public async ValueTask DisposeAsync()
    {
        await stores.Audit.DisposeAsync();
        await stores.Store.DisposeAsync();
    }
}
