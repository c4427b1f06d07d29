using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Core.Providers;
using Lifeline.Providers.HttpGateway;

namespace Lifeline.Sandbox.Tests.Gateway;

/// <summary>
/// http-gateway's api.integrate against the real sandbox gateway process (ADR 0035), its functions real processes too:
/// requests follow the integration, the previous one is returned for a rollback, and every refusal is one clear line.
/// </summary>
public sealed class HttpGatewayProviderTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(15) };

    private readonly HttpGatewayProvider _provider = new();
    private readonly TestStep _step = new();

    [Fact]
    public async Task Integrate_KnownArn_RequestsReachItsFunctionPreviousUriReturnedAndKeptAcrossARestart()
    {
        // Given a gateway integrated with the eu-west-1 function, a us-east-1 function beside it
        await using var rig = new GatewayRig();
        var functions = new Dictionary<string, Uri> { ["eu-west-1"] = await rig.StartFunctionAsync("eu-west-1"), ["us-east-1"] = await rig.StartFunctionAsync("us-east-1") };
        await rig.StartGatewayAsync(GatewayRig.Arn("eu-west-1"), functions);
        Assert.Equal((200, "eu-west-1"), await InvokeThroughAsync(rig));

        // When the integration is moved to the us-east-1 function's ARN
        var moved = await IntegrateAsync(rig.Admin, GatewayRig.Key, GatewayRig.Arn("us-east-1"));

        // Then the step returns the previous integration, and requests (method, path, body) reach us-east-1
        Assert.True(moved.Succeeded, moved.Error);
        Assert.Equal((GatewayRig.Arn("us-east-1"), GatewayRig.Arn("eu-west-1"), "true"), (moved.Outputs["uri"], moved.Outputs["previous_uri"], moved.Outputs["changed"]));
        Assert.Equal((200, "us-east-1"), await InvokeThroughAsync(rig));

        // When it is integrated again with the same ARN, nothing changes
        var again = await IntegrateAsync(rig.Admin, GatewayRig.Key, GatewayRig.Arn("us-east-1"));
        Assert.Equal((GatewayRig.Arn("us-east-1"), "false"), (again.Outputs["previous_uri"], again.Outputs["changed"]));

        // When the gateway restarts, it still routes to us-east-1
        await rig.RestartGatewayAsync();
        Assert.Equal((200, "us-east-1"), await InvokeThroughAsync(rig));
    }

    [Fact]
    public async Task Integrate_BadKeyUnknownArnOrNoGateway_FailsWithOneLineNamingItAndLeavesTheIntegration()
    {
        // Given a gateway whose eu-west-1 function does not answer
        await using var rig = new GatewayRig();
        var (holder, closed) = GatewayRig.ClosedPort();
        using var hold = holder;
        await rig.StartGatewayAsync(GatewayRig.Arn("eu-west-1"), new Dictionary<string, Uri> { ["eu-west-1"] = closed });

        // Then its API answers 502 with a problem naming the integration
        using (var response = await Http.GetAsync(new Uri(rig.Gateway.BaseAddress, "/health")))
        {
            Assert.Equal(502, (int)response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains($"the integration {GatewayRig.Arn("eu-west-1")} ({closed}) does not answer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // When the key is wrong, the step fails naming the admin API and the key
        var badKey = await IntegrateAsync(rig.Admin, "not-the-key", GatewayRig.Arn("us-east-1"));
        Assert.Equal($"http-gateway: the gateway admin API at {rig.Admin} refused the key: HTTP 401 the X-API-Key header does not carry the gateway's admin key; expected the gateway's admin key in setting 'admin-key'", badKey.Error);
        Assert.False(badKey.IsTransient);

        // When the ARN names a function the gateway has no mapping for, the step fails naming it
        var unknown = GatewayRig.Arn("ap-south-1");
        var refused = await IntegrateAsync(rig.Admin, GatewayRig.Key, unknown);
        Assert.Equal(
            $"http-gateway: the gateway admin API at {rig.Admin} refused integration '{unknown}': HTTP 422 no function {GatewayRig.Function} in ap-south-1 answers for '{unknown}'; expected a function of: eu-west-1/{GatewayRig.Function}",
            refused.Error);

        // And another method on the admin path is refused there, never forwarded to the function
        using (var delete = new HttpRequestMessage(HttpMethod.Delete, rig.Admin) { Headers = { { "X-API-Key", GatewayRig.Key } } })
        using (var response = await Http.SendAsync(delete))
        {
            Assert.Equal(405, (int)response.StatusCode);
        }

        // And the integration is still the first
        using (var read = new HttpRequestMessage(HttpMethod.Get, rig.Admin) { Headers = { { "X-API-Key", GatewayRig.Key } } })
        using (var response = await Http.SendAsync(read))
        {
            Assert.Equal(GatewayRig.Arn("eu-west-1"), (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uri").GetString());
        }

        // When no gateway answers at the admin URL, the step fails (transient) with one line naming it
        var admin = new Uri(closed, "/_gateway/integration");
        var unreachable = await IntegrateAsync(admin, GatewayRig.Key, GatewayRig.Arn("eu-west-1"));
        Assert.Equal($"http-gateway: the gateway admin API at {admin} is unreachable: connection refused", unreachable.Error);
        Assert.True(unreachable.IsTransient);
    }

    private async Task<OperationOutcome> IntegrateAsync(Uri admin, string key, string uri) => await _provider.ExecuteAsync(
        _step.Operation("api.integrate", new Dictionary<string, string> { ["admin"] = admin.ToString(), ["admin-key"] = key }, new Dictionary<string, string> { ["uri"] = uri }),
        CancellationToken.None);

    /// <summary>A request with a body through the gateway: its status and the region of the function that answered.</summary>
    private static async Task<(int Status, string? Site)> InvokeThroughAsync(GatewayRig rig)
    {
        using var response = await Http.PostAsJsonAsync(new Uri(rig.Gateway.BaseAddress, "/v1/invoke?q=1"), new { prompt = "hello" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return ((int)response.StatusCode, response.IsSuccessStatusCode ? body.GetProperty("region").GetString() : body.ToString());
    }
}
