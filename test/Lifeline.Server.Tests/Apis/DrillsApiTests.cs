using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Server.Tests.Support;

namespace Lifeline.Server.Tests.Apis;

/// <summary>POST /api/drills/sandbox on a host without a drill environment, as lifeline-server runs.</summary>
public sealed class DrillsApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task StartSandboxDrill_HostWithoutDrillEnvironment_IsNotImplementedAndSaysWhy()
    {
        // Given a server whose host registered no drill environment
        using var client = server.Client("responder");

        // When a responder starts a sandbox drill
        using var response = await client.PostAsJsonAsync("/api/drills/sandbox", new { });

        // Then the answer is a problem that says drills need lifeline serve, and no drill is listed
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("start the server with lifeline serve", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/drills")).EnumerateArray());
    }
}
