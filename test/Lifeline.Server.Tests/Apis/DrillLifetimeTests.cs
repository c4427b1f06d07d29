using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Server.Runs;
using Lifeline.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lifeline.Server.Tests.Apis;

/// <summary>A drill started from the server stops when the server stops: it runs under the host's lifetime, not forever.</summary>
public sealed class DrillLifetimeTests(DrillServer server) : IClassFixture<DrillServer>
{
    [Fact]
    public async Task StartSandboxDrill_ServerStopping_CancelsTheDrillAndRecordsWhy()
    {
        // Given a drill running on a server whose host registered a drill environment
        using var client = server.Client("responder");
        using var response = await client.PostAsJsonAsync("/api/drills/sandbox", new { });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await server.Environment.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // When the server stops
        server.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        // Then the drill's token is cancelled, and the drill is recorded as stopped
        await server.Environment.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var drills = server.Services.GetRequiredService<SandboxDrills>();
        for (var i = 0; i < 600 && drills.Find(id)?.Status is "starting" or "running"; i++)
        {
            await Task.Delay(50);
        }

        var drill = drills.Find(id)!;
        Assert.Equal("failed", drill.Status);
        Assert.Contains("stopped", drill.Error, StringComparison.Ordinal);
    }
}
