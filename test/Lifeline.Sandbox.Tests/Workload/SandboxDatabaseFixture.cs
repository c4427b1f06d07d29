using Lifeline.Sandbox.Tests.Servers;

namespace Lifeline.Sandbox.Tests.Workload;

/// <summary>One PostgreSQL cluster for the workload tests; the portal creates the schema in <see cref="Database"/>.</summary>
public sealed class SandboxDatabaseFixture : IAsyncLifetime
{
    public const string Database = "axis_imaging";

    internal PostgresCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await PostgresCluster.LaunchAsync();
        await Cluster.CreateDatabaseAsync(Database);
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
            await Cluster.DisposeAsync();
    }
}
