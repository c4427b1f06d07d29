using Lifeline.Providers.Aws.ApiGateway;

namespace Lifeline.Providers.Tests.Aws;

/// <summary>
/// aws-apigateway against the AWS stand-in (no AWS account is reachable here), through the real AWS CLI v2: the MedZen
/// runbook's "update API Gateway to route to the us-east-1 Lambda", and back.
/// </summary>
public sealed class AwsApiGatewayAgainstAwsStandInTests
{
    private const string EuFunction = "arn:aws:lambda:eu-west-1:000000000000:function:medzen-ai-chat-handler";
    private const string UsFunction = "arn:aws:lambda:us-east-1:000000000000:function:medzen-ai-chat-handler";

    [Fact]
    public async Task ApiIntegrate_AgainstAwsStandIn_RoutesToTheOtherRegionReadsBackAndRollsBack()
    {
        // Given the AI API's integration pointing at the eu-west-1 function
        await using var rig = AwsRig.Start();
        rig.StandIn.AddIntegration("medzenai", "int-chat", EuFunction);
        var gateway = new AwsApiGatewayProvider(rig.Cli);
        var settings = rig.Settings(("api-id", "medzenai"), ("integration-id", "int-chat"));

        // When it is routed to us-east-1, routed there again, then rolled back with the first step's previous_uri
        var routed = await gateway.ExecuteAsync(rig.Operation("api.integrate", settings, new() { ["uri"] = UsFunction }), CancellationToken.None);
        var again = await gateway.ExecuteAsync(rig.Operation("api.integrate", settings, new() { ["uri"] = UsFunction }), CancellationToken.None);
        var back = await gateway.ExecuteAsync(rig.Operation("api.integrate", settings, new() { ["uri"] = routed.Outputs["previous_uri"] }), CancellationToken.None);

        // Then each reads back its target; the repeat changes nothing; the requests fit the CLI's own service model
        Assert.True(routed.Succeeded, routed.Error);
        Assert.Equal(("true", EuFunction, UsFunction), (routed.Outputs["changed"], routed.Outputs["previous_uri"], routed.Outputs["uri"]));
        Assert.True(again.Succeeded, again.Error);
        Assert.Equal("false", again.Outputs["changed"]);
        Assert.True(back.Succeeded, back.Error);
        Assert.Equal(EuFunction, rig.StandIn.IntegrationUri("medzenai", "int-chat"));
        Assert.Equal(["GetIntegration", "UpdateIntegration", "GetIntegration", "GetIntegration", "GetIntegration", "UpdateIntegration", "GetIntegration"], rig.Operations());
        Assert.Empty(rig.StandIn.Rejections);
    }

    [Fact]
    public async Task ApiIntegrate_UnknownIntegration_FailsPermanentlyWithAwsCode()
    {
        await using var rig = AwsRig.Start();
        var gateway = new AwsApiGatewayProvider(rig.Cli);

        var outcome = await gateway.ExecuteAsync(
            rig.Operation("api.integrate", rig.Settings(("api-id", "medzenai"), ("integration-id", "int-missing")), new() { ["uri"] = UsFunction }), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.False(outcome.IsTransient);
        Assert.Contains("NotFoundException", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(["GetIntegration"], rig.Operations());
    }
}
