using Lifeline.Engine.Audit;
using Lifeline.Engine.Calendar.Communications;
using Lifeline.Engine.Checkpoints;
using Lifeline.Engine.Incidents;
using Lifeline.Engine.Monitoring;
using Lifeline.Server.Security;

namespace Lifeline.Server.Hosting;

/// <summary>The state database's stores, opened (asynchronously) before the container is built; <see cref="ServerState"/> owns them.</summary>
internal sealed record ServerStores(SqliteRunStore Store, SqliteAuditTrail Audit, SqliteIncidentStore Incidents, UserStore Users, SqliteMonitorStore Monitor, AcknowledgementBook Acknowledgements)
{
    public static async Task<ServerStores> OpenAsync(ServerOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var store = await SqliteRunStore.OpenAsync(options.StatePath, cancellationToken);
        var audit = await SqliteAuditTrail.OpenAsync(options.StatePath, time, cancellationToken);
        var incidents = await SqliteIncidentStore.OpenAsync(options.StatePath, cancellationToken);
        var users = await UserStore.OpenAsync(options.StatePath, time, cancellationToken);
        var monitor = await SqliteMonitorStore.OpenAsync(options.StatePath, cancellationToken);
        var acknowledgements = await AcknowledgementBook.OpenAsync(options.StatePath, cancellationToken);
        return new ServerStores(store, audit, incidents, users, monitor, acknowledgements);
    }
}
