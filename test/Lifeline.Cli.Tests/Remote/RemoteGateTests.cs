using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Cli.Tests.Support;

namespace Lifeline.Cli.Tests.Remote;

/// <summary>The CLI against a real server meets the same gate rules as the API and the dashboard.</summary>
public sealed class RemoteGateTests(RemoteServerFixture server) : IClassFixture<RemoteServerFixture>
{
    [Fact]
    public async Task MarkDone_ByResponderOnApprovalGate_IsRefusedInOneLineAndTheGateStaysWaiting()
    {
        // Given a live run the responder started, waiting at its approval gate
        var runId = await server.StartGatedRunAsync("responder");

        // When the responder marks the gate done with the CLI
        var (exitCode, _, stderr) = await server.CliAsync("responder", "runs", "mark-done", runId, "gate", "--reason", "trust me");

        // Then the server's refusal is one line and exit 2, and the gate still waits for an approval
        Assert.Equal(2, exitCode);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith("lifeline: ", stderr, StringComparison.Ordinal);
        Assert.Contains("mark-done never decides a gate", stderr, StringComparison.Ordinal);
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Tokens["viewer"]);
        var report = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
        var gate = report.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "gate");
        Assert.Contains(gate.GetProperty("status").GetString(), new[] { "running", "waiting" });
        Assert.DoesNotContain("approved by", await client.GetStringAsync($"/api/runs/{runId}/events"), StringComparison.Ordinal);
    }
}
