using Lifeline.Sandbox.Tests.Servers;

namespace Lifeline.Sandbox.Tests.Portal;

/// <summary>One PostgreSQL cluster and one portal process shared by a test class.</summary>
public sealed class PortalFixture : IAsyncLifetime
{
    public const string Database = "axis_imaging";

    internal PostgresCluster Cluster { get; private set; } = null!;

    internal PortalProcess Portal { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await PostgresCluster.LaunchAsync();
        await Cluster.CreateDatabaseAsync(Database);
        Portal = await PortalProcess.StartAsync(Cluster, Database);
    }

    public async Task DisposeAsync()
    {
        if (Portal is not null)
            await Portal.DisposeAsync();
        if (Cluster is not null)
            await Cluster.DisposeAsync();
    }
}
