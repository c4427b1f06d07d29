using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Sandbox.Tests.Servers;

namespace Lifeline.Sandbox.Tests.Portal;

/// <summary>A DR portal over a real streaming standby of the primary's cluster.</summary>
public sealed class PortalStandbyTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task DrPortal_OnStreamingStandby_ReportsInRecoveryRefusesWritesAndSeesReplicatedPatients()
    {
        // Given a standby of the primary database and a DR portal over it
        await using var standby = await fixture.Cluster.LaunchStandbyAsync();
        await using var dr = await PortalProcess.StartAsync(standby, PortalFixture.Database, site: "dr");
        using var primaryHttp = new HttpClient { BaseAddress = fixture.Portal.BaseAddress };
        using var drHttp = new HttpClient { BaseAddress = dr.BaseAddress };

        // When the primary portal acknowledges a write
        var created = await primaryHttp.PostAsJsonAsync("/patients", new { name = "replicated" });
        var primaryCount = (await primaryHttp.GetFromJsonAsync<JsonElement>("/patients")).GetProperty("count").GetInt64();

        // Then the DR portal reports a read-only standby, refuses writes, and its count catches up by replication
        var health = await drHttp.GetFromJsonAsync<JsonElement>("/health/db");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(health.GetProperty("in_recovery").GetBoolean());
        Assert.False(health.GetProperty("writable").GetBoolean());
        Assert.Contains("read-only", dr.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await drHttp.PostAsJsonAsync("/patients", new { name = "on standby" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await drHttp.PostAsJsonAsync("/auth/login", new { email = "test@example.com", password = "testpassword" })).StatusCode);
        var stopwatch = Stopwatch.StartNew();
        long drCount;
        while ((drCount = (await drHttp.GetFromJsonAsync<JsonElement>("/patients")).GetProperty("count").GetInt64()) < primaryCount
               && stopwatch.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(50);
        Assert.Equal(primaryCount, drCount);
    }
}
