using Lifeline.Providers.Aws.Cli;

namespace Lifeline.Providers.Tests.Aws;

/// <summary>The stand-in's rest-json side (Lambda, for the function capability to come), driven by the real AWS CLI.</summary>
public sealed class AwsStandInProtocolTests
{
    [Fact]
    public async Task Lambda_RestJsonAgainstAwsStandIn_ReadsAndReplacesTheEnvironment()
    {
        // Given a function with two variables
        await using var rig = AwsRig.Start();
        rig.StandIn.AddFunction("axis-thumbnailer", new Dictionary<string, string> { ["DB_HOST"] = "old.example", ["LOG_LEVEL"] = "info" });
        var connection = new AwsConnection("ap-southeast-4", null, rig.StandIn.Endpoint);

        // When the CLI reads its configuration and then writes the environment back with one variable changed
        var read = await rig.Cli.RunAsync(AwsCommand.Call("lambda", "get-function-configuration", AwsArgument.Option("--function-name", "axis-thumbnailer")), connection, rig.Log, CancellationToken.None);
        var write = await rig.Cli.RunAsync(
            AwsCommand.Call("lambda", "update-function-configuration", AwsArgument.Option("--function-name", "axis-thumbnailer"),
                AwsArgument.FromFile("--environment", "{\"Variables\":{\"DB_HOST\":\"dr.example\",\"LOG_LEVEL\":\"info\"}}")),
            connection, rig.Log, CancellationToken.None);

        // Then both calls went over rest-json, were accepted by the model, and the function has the merged environment
        Assert.True(read.Succeeded, read.Error);
        Assert.Equal("old.example", read.Output.Text("Environment", "Variables", "DB_HOST"));
        Assert.True(write.Succeeded, write.Error);
        Assert.Equal("dr.example", write.Output.Text("Environment", "Variables", "DB_HOST"));
        Assert.Equal("info", write.Output.Text("Environment", "Variables", "LOG_LEVEL"));
        Assert.Equal(["GetFunctionConfiguration", "UpdateFunctionConfiguration"], rig.Operations());
        Assert.Empty(rig.StandIn.Rejections);
    }
}
