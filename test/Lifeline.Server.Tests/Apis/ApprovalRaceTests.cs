using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Engine.Runs;
using Lifeline.Server.Hosting;
using Lifeline.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Server.Tests.Apis;

/// <summary>Gates over HTTP: the four-eyes rule, racing approvals, break-glass.</summary>
public sealed class ApprovalRaceTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Approve_TwoApproversRacingOnOneGate_ExactlyOneDecisionRecorded()
    {
        for (var round = 0; round < 5; round++)
        {
            // Given a live run waiting at a single-approver gate
            var runId = await server.StartGatedRunAsync();

            // When two approvers approve it at the same moment
            using var first = server.Client("approver");
            using var second = server.Client("approver2");
            using var go = new SemaphoreSlim(0, 2);
            var racing = new[] { first, second }.Select(async client =>
            {
                await go.WaitAsync();
                return await client.PostAsJsonAsync($"/api/runs/{runId}/steps/gate/approve", new { reason = "race" });
            }).ToArray();
            go.Release(2);
            var responses = await Task.WhenAll(racing);

            // Then one is recorded and the other is told the gate was already decided, as a 409 problem
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            var loser = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
            Assert.Equal("application/problem+json", loser.Content.Headers.ContentType?.MediaType);
            Assert.Contains("has already", (await loser.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
            var decisions = await server.Services.GetRequiredService<ServerState>().Store.GetDecisionsAsync(runId, CancellationToken.None);
            Assert.Single(decisions, d => d.StepId == "gate" && d.Kind == DecisionKind.Approve);
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task Approve_ByTheApproverWhoStartedTheLiveRun_IsForbiddenThenAnotherApproverSucceeds()
    {
        // Given a live run started by an approver
        var runId = await server.StartGatedRunAsync("approver");
        using var starter = server.Client("approver");
        using var other = server.Client("approver2");

        // When the starter approves, then a second approver does
        using var refused = await starter.PostAsJsonAsync($"/api/runs/{runId}/steps/gate/approve", new { reason = "mine" });
        using var approved = await other.PostAsJsonAsync($"/api/runs/{runId}/steps/gate/approve", new { reason = "checked" });

        // Then four-eyes refuses the first with a 403 problem, and the run continues to success after the second
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.StartsWith("four-eyes rule", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("succeeded", await WaitForStatusAsync(runId, "succeeded"));
    }

    [Fact]
    public async Task BreakGlass_WithReason_OpensGateAndRaisesP1()
    {
        var runId = await server.StartGatedRunAsync("responder");
        using var responder = server.Client("responder");

        using var missing = await responder.PostAsJsonAsync($"/api/runs/{runId}/steps/gate/break-glass", new { reason = "" });
        using var broken = await responder.PostAsJsonAsync($"/api/runs/{runId}/steps/gate/break-glass", new { reason = "approvers unreachable" });
        var body = await broken.Content.ReadFromJsonAsync<JsonElement>();
        var incidentId = body.GetProperty("incident_id").GetString();

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, broken.StatusCode);
        var incident = await responder.GetFromJsonAsync<JsonElement>($"/api/incidents/{incidentId}");
        Assert.Equal("P1", incident.GetProperty("incident").GetProperty("severity").GetString());
        Assert.Equal("succeeded", await WaitForStatusAsync(runId, "succeeded"));
    }

    private async Task<string> WaitForStatusAsync(string runId, string wanted)
    {
        using var client = server.Client("viewer");
        var status = "";
        for (var i = 0; i < 200 && status != wanted; i++)
        {
            status = (await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}")).GetProperty("status").GetString()!;
            await Task.Delay(50);
        }

        return status;
    }
}
