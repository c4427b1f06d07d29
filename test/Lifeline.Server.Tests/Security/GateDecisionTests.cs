using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Server.Tests.Support;

namespace Lifeline.Server.Tests.Security;

/// <summary>A gate is opened only by a decision on it, whichever way the attempt arrives; nobody acts as someone else.</summary>
public sealed class GateDecisionTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task MarkDone_ByResponderOnApprovalGateViaApi_Is403AndTheGateStaysWaiting()
    {
        // Given a live run the responder started, waiting at its approval gate
        var runId = await server.StartGatedRunAsync("responder");
        using var responder = server.Client("responder");

        // When the responder marks the gate done through the API
        using var response = await responder.PostAsJsonAsync($"/api/runs/{runId}/steps/gate/mark-done", new { reason = "trust me" });
        await Task.Delay(300);

        // Then it is forbidden, nothing was approved, and the gate still waits
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("mark-done never decides a gate", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertGateWaitsAsync(runId);
    }

    [Fact]
    public async Task MarkDone_ByResponderOnApprovalGateViaDashboardForm_IsRefusedAndTheGateStaysWaiting()
    {
        // Given a live run waiting at its gate, and the responder signed in to the dashboard
        var runId = await server.StartGatedRunAsync("responder");
        using var browser = new BrowserSession(server.BaseAddress);
        await browser.SignInAsync("responder", ServerFixture.Password);

        // When the responder posts a crafted form (a valid antiforgery token, action=mark-done:gate)
        using var response = await browser.PostFormAsync(
            $"/runs/{runId}", $"/runs/{runId}", "run-actions", new Dictionary<string, string> { ["action"] = "mark-done:gate", ["reason"] = "crafted" });
        var page = await response.Content.ReadAsStringAsync();
        await Task.Delay(300);

        // Then the page shows the refusal, and the gate still waits
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Refused:", page, StringComparison.Ordinal);
        Assert.Contains("mark-done never decides a gate", page, StringComparison.Ordinal);
        await AssertGateWaitsAsync(runId);
    }

    [Fact]
    public async Task Approve_ByResponderViaDashboardForm_IsRefusedForItsRole()
    {
        var runId = await server.StartGatedRunAsync("approver");
        using var browser = new BrowserSession(server.BaseAddress);
        await browser.SignInAsync("responder", ServerFixture.Password);

        using var response = await browser.PostFormAsync(
            $"/runs/{runId}", $"/runs/{runId}", "run-actions", new Dictionary<string, string> { ["action"] = "approve:gate" });
        var page = await response.Content.ReadAsStringAsync();

        Assert.Contains("approve needs the approver role; you are responder", page, StringComparison.Ordinal);
        await AssertGateWaitsAsync(runId);
    }

    [Fact]
    public async Task MintToken_ByAdminForAnotherUser_IsNotPossibleButResetIs()
    {
        // Given an admin, and a viewer who made a token for themselves
        using var admin = server.Client("admin");
        using var viewer = server.Client("viewer");
        using var own = await viewer.PostAsJsonAsync("/api/me/tokens", new { name = "own" });
        var token = (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;

        // When the admin tries to mint a token for the viewer, then resets the viewer
        using var minted = await admin.PostAsJsonAsync("/api/users/viewer/tokens", new { name = "as-viewer" });
        using var reset = await admin.PostAsync("/api/users/viewer/reset", null);
        using var withOld = new HttpClient { BaseAddress = server.BaseAddress };
        withOld.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var afterReset = await withOld.GetAsync("/api/me");

        // Then no token was made (there is no such endpoint), and the reset revoked the viewer's own tokens
        Assert.False(minted.IsSuccessStatusCode, $"an admin minted another user's token: {(int)minted.StatusCode}");
        Assert.DoesNotContain("llt_", await minted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterReset.StatusCode);
        server.Tokens["viewer"] = await NewViewerTokenAsync();
    }

    private async Task<string> NewViewerTokenAsync()
    {
        // The reset revoked the fixture's viewer token too; other tests in this class still call as the viewer.
        using var browser = new BrowserSession(server.BaseAddress);
        await browser.SignInAsync("viewer", ServerFixture.Password);
        using var created = await browser.PostWithCsrfAsync("/api/me/tokens", new { name = "tests" });
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private async Task AssertGateWaitsAsync(string runId)
    {
        using var viewer = server.Client("approver2");
        var report = await viewer.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
        var gate = report.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "gate");
        Assert.Contains(gate.GetProperty("status").GetString(), new[] { "running", "waiting" });
        Assert.Contains(report.GetProperty("status").GetString(), new[] { "running", "waiting" });
        var events = await viewer.GetStringAsync($"/api/runs/{runId}/events");
        Assert.DoesNotContain("approved by", events, StringComparison.Ordinal);
        Assert.DoesNotContain("marked done", events, StringComparison.Ordinal);
    }
}
