using System.Globalization;
using System.Text.Json;
using Lifeline.Sandbox.Environment;

namespace Lifeline.Sandbox.Tests.MedZen;

/// <summary>
/// The MedZen runbook's scenario 2 step 4 as a drill on its own sandbox: the eu-west-1 AI chat handler itself down, the AI
/// API's integration routed to the next region's function through the sandbox's API gateway (ADR 0035).
/// </summary>
public sealed class MedZenRerouteDrillTests
{
    private static readonly Dictionary<string, string> Quick = new() { ["check-timeout"] = "2s" };

    [Fact]
    public async Task AiServiceReroute_EuWest1FunctionKilled_ApiAnsweredByUsEast1AndARouteThatDoesNotHelpMovedBack()
    {
        // Given the MedZen sandbox, its AI API (ai: the eu-west-1 gateway) answered by the eu-west-1 function, which is then killed
        await using var sandbox = await MedZenSandbox.UpAsync(Topologies.MedZenEstate);
        var port = int.Parse(sandbox.Settings["LIFELINE_SANDBOX_AI_GATEWAY_PORT"], CultureInfo.InvariantCulture);
        Assert.Equal((200, "eu-west-1"), await AiAsync(sandbox, port));
        await sandbox.FaultAsync(SandboxManager.Kill, "ai-chat-eu-west-1");
        Assert.Equal(502, (await AiAsync(sandbox, port)).Status);

        // When ai-service-reroute runs as a drill (its approval given)
        var outcome = await sandbox.DrillAsync("ai-service-reroute", Quick);

        // Then the API's integration moved from the eu-west-1 function to us-east-1's, and the API answers through it
        Assert.True(outcome.Report is { Status: "succeeded" }, MedZenSandbox.Describe(outcome));
        var route = Assert.Single(outcome.Report!.Steps, s => s.Id == "route-api");
        Assert.Equal(
            ("arn:aws:lambda:us-east-1:ACCOUNT:function:medzen-ai-chat-handler", "arn:aws:lambda:eu-west-1:ACCOUNT:function:medzen-ai-chat-handler"),
            (route.Outputs["uri"], route.Outputs["previous_uri"]));
        Assert.Equal((200, "us-east-1"), await AiAsync(sandbox, port));

        // When us-east-1's function fails too and the API is routed to af-south-1's, whose model region is down
        await sandbox.FaultAsync(SandboxManager.Kill, "ai-chat-us-east-1");
        await sandbox.FaultAsync(SandboxManager.UpstreamDown, "bedrock-af-south-1");
        var chained = await sandbox.DrillAsync("ai-service-reroute", new Dictionary<string, string>(Quick) { ["to-region"] = "af-south-1", ["verify-timeout"] = "3s" });

        // Then the API does not answer through it, and the route is moved back to the integration it had
        Assert.NotEqual("succeeded", chained.Report?.Status);
        var moved = Assert.Single(chained.Report!.Steps, s => s.Id == "route-api");
        Assert.Equal(("succeeded", "arn:aws:lambda:us-east-1:ACCOUNT:function:medzen-ai-chat-handler"), (moved.Status, moved.Outputs["previous_uri"]));
        Assert.Equal("failed", Assert.Single(chained.Report!.Steps, s => s.Id == "ai-api-healthy").Status);
        var (status, integration) = await MedZenSandbox.CallAsync(new Uri(sandbox.Settings["LIFELINE_SANDBOX_AI_GATEWAY_EU_WEST_1_URL"]), HttpMethod.Get, "/_gateway/healthz");
        Assert.Equal((200, "arn:aws:lambda:us-east-1:ACCOUNT:function:medzen-ai-chat-handler"), (status, integration.GetProperty("uri").GetString()));
    }

    /// <summary>An AI request through ai in the zone, as the app makes it: its status and the site of the function that answered.</summary>
    private static async Task<(int Status, string? Site)> AiAsync(MedZenSandbox sandbox, int port)
    {
        var (status, body) = await sandbox.CallAsync("pdns", "ai", port, HttpMethod.Post, "/invoke");
        return (status, status == 200 ? body.GetProperty("site").GetString() : body.ValueKind == JsonValueKind.Object ? body.GetProperty("detail").GetString() : null);
    }
}
