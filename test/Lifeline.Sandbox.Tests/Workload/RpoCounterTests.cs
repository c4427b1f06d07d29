using System.Net;
using Lifeline.Sandbox.Tests.Servers;
using Lifeline.Sandbox.Workload;
using Npgsql;

namespace Lifeline.Sandbox.Tests.Workload;

[Collection(SandboxDatabaseCollection.Name)]
public sealed class RpoCounterTests(SandboxDatabaseFixture fixture)
{
    [Fact]
    public async Task CountLost_AcknowledgedIdDeleted_ReportsItAndTheLostWindow()
    {
        // Given five writes acknowledged one second apart through the real portal schema
        await using (await PortalProcess.StartAsync(fixture.Cluster, SandboxDatabaseFixture.Database))
        {
        }

        var connectionString = fixture.Cluster.ConnectionString(SandboxDatabaseFixture.Database);
        var t0 = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var writes = new List<AcknowledgedWrite>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            for (var i = 0; i < 5; i++)
            {
                var id = (long)(await new NpgsqlCommand($"INSERT INTO patients(name) VALUES ('rpo-{i}') RETURNING id", connection).ExecuteScalarAsync())!;
                writes.Add(new AcknowledgedWrite(id, $"rpo-{i}", t0.AddSeconds(i), IPAddress.Loopback));
            }

            // When the recovered database lacks the second one (as if it never replicated)
            await new NpgsqlCommand($"DELETE FROM patients WHERE id = {writes[1].PatientId}", connection).ExecuteNonQueryAsync();
        }

        var result = await RpoCounter.CountLostAsync(writes, connectionString, CancellationToken.None);

        // Then it is the one lost, and the window runs from its acknowledgement to the last one
        Assert.Equal(5, result.Acknowledged);
        Assert.Equal(1, result.Lost);
        Assert.Equal([writes[1].PatientId], result.LostIds);
        Assert.Equal(3, result.LostWindowSeconds);
    }

    [Fact]
    public async Task CountLost_NothingAcknowledged_IsZero()
    {
        var result = await RpoCounter.CountLostAsync([], "Host=unused", CancellationToken.None);

        Assert.Equal((0, 0, 0.0), (result.Acknowledged, result.Lost, result.LostWindowSeconds));
        Assert.Empty(result.LostIds);
    }
}
