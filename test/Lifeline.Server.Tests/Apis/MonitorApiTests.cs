using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Server.Tests.Support;

namespace Lifeline.Server.Tests.Apis;

/// <summary>GET /api/monitor and POST /api/monitor/unblock on a server that does not host the monitor.</summary>
public sealed class MonitorApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Get_ServerWithoutMonitor_SaysNotHostedAndListsTheEstate()
    {
        // Given a server started without --monitor
        using var client = server.Client("viewer");

        // When a viewer reads the monitor
        var report = await client.GetFromJsonAsync<JsonElement>("/api/monitor");

        // Then it is not hosted, and the served estate is listed with no blocks
        Assert.False(report.GetProperty("hosted").GetBoolean());
        var estate = Assert.Single(report.GetProperty("estates").EnumerateArray());
        Assert.Equal("test", estate.GetProperty("estate").GetString());
        Assert.Empty(estate.GetProperty("blocks").EnumerateArray());
    }

    [Fact]
    public async Task Get_MonitorStalledOnRecord_ListsTheStallForTheEstate()
    {
        // Given a stall the monitor recorded for the served estate (a stall of another estate's monitor too)
        var store = await Lifeline.Engine.Monitoring.SqliteMonitorStore.OpenAsync(Path.Combine(server.Directory, "state.db"), CancellationToken.None);
        var at = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        await store.RecordStallAsync("test", new Lifeline.Engine.Monitoring.MonitorStall("control", at, 4.1, "monitor stalled 4.1 s (no round from control for 5.1 s, expected every 1s); evidence restarted"), CancellationToken.None);
        await store.RecordStallAsync("elsewhere", new Lifeline.Engine.Monitoring.MonitorStall("control", at, 2, "monitor stalled 2.0 s"), CancellationToken.None);
        using var client = server.Client("viewer");

        // When a viewer reads the monitor
        var report = await client.GetFromJsonAsync<JsonElement>("/api/monitor");

        // Then the estate lists its stall, with how long and what it means
        var stall = Assert.Single(Assert.Single(report.GetProperty("estates").EnumerateArray()).GetProperty("stalls").EnumerateArray());
        Assert.Equal("control", stall.GetProperty("vantage").GetString());
        Assert.Equal(4.1, stall.GetProperty("seconds").GetDouble());
        Assert.EndsWith("evidence restarted", stall.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"scenario":"gated"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"scenario":"gated","reason":"  "}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"scenario":"gated","reason":"checked by hand","estate":"nope"}""", HttpStatusCode.NotFound)]
    [InlineData("""{"scenario":"gated","reason":"checked by hand"}""", HttpStatusCode.Conflict)]
    public async Task Unblock_BadOrNoBlock_IsRefusedWithAProblem(string body, HttpStatusCode expected)
    {
        // Given a responder
        using var client = server.Client("responder");

        // When they lift a block without a reason, on an unknown estate, or where there is none
        using var response = await client.PostAsync("/api/monitor/unblock", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        // Then the answer is a problem with the matching status
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
