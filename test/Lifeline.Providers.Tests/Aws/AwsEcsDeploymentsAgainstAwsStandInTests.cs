using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Aws.Ecs;

namespace Lifeline.Providers.Tests.Aws;

/// <summary>
/// aws-ecs redeploys, rollbacks and the cluster probe, running the real AWS CLI v2 against the AWS stand-in (no AWS
/// account is reachable here). The stand-in keeps a new deployment in progress for one poll, so services-stable waits.
/// </summary>
public sealed class AwsEcsDeploymentsAgainstAwsStandInTests
{
    private const string Cluster = "axis-imaging-cluster-production";
    private const string Backend = "axis-imaging-backend-production";
    private const string Sydney = "ap-southeast-2";

    [Fact]
    public async Task Rollback_AgainstAwsStandIn_DeploysThePreviousRevisionAndWaitsStable()
    {
        // Given the backend running revision 7 of its family, with six older revisions
        await using var rig = AwsRig.Start();
        rig.StandIn.AddTaskDefinitions(Backend, Sydney, revisions: 7);
        rig.StandIn.AddEcsService(Cluster, Backend, Sydney, desired: 2, taskDefinition: $"{Backend}:7");
        var ecs = new AwsEcsProvider(rig.Cli, TimeProvider.System);

        // When it is rolled back
        var outcome = await ecs.ExecuteAsync(rig.Operation(Operations.Service.Rollback.Name, Settings(rig)), CancellationToken.None);

        // Then the CLI found revision 6 (newest first) and deployed it, and the waiter polled until stable
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(["DescribeServices", "ListTaskDefinitions", "UpdateService", "DescribeServices", "DescribeServices", "DescribeServices"], rig.Operations());
        var list = rig.StandIn.Calls[1];
        Assert.Equal(Backend, list.Parameters["familyPrefix"]);
        Assert.Equal("DESC", list.Parameters["sort"]);
        Assert.Equal($"arn:aws:ecs:{Sydney}:000000000000:task-definition/{Backend}:6", rig.StandIn.Calls[2].Parameters["taskDefinition"]);
        Assert.EndsWith($"{Backend}:7", outcome.Outputs["from"], StringComparison.Ordinal);
        Assert.EndsWith($"{Backend}:6", outcome.Outputs["task_definition"], StringComparison.Ordinal);
        Assert.Equal("2", outcome.Outputs["running"]);
        Assert.EndsWith($"{Backend}:6", rig.StandIn.EcsTaskDefinition(Cluster, Backend), StringComparison.Ordinal);
        Assert.Empty(rig.StandIn.Rejections);
    }

    [Fact]
    public async Task Redeploy_RegisterAgainstAwsStandIn_RegistersTheTaskDefinitionAndDeploysIt()
    {
        // Given the DR backend on revision 1, and the runbook's task-definition-dr.json pointing at the DR database
        await using var rig = AwsRig.Start();
        rig.StandIn.AddTaskDefinitions("axis-imaging-backend-production-dr", "ap-southeast-4", revisions: 1);
        rig.StandIn.AddEcsService("axis-imaging-cluster-production-dr", "axis-imaging-backend-production-dr", "ap-southeast-4", desired: 2, taskDefinition: "axis-imaging-backend-production-dr:1");
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "task-definition-dr.json");
        await File.WriteAllTextAsync(file, """
            {
              "family": "axis-imaging-backend-production-dr",
              "containerDefinitions": [
                { "name": "backend", "image": "axis/backend:2.4.1", "essential": true,
                  "environment": [ { "name": "DB_HOST", "value": "axis-imaging-primary-dr-production.abc.ap-southeast-4.rds.amazonaws.com" } ],
                  "portMappings": [ { "containerPort": 5000 } ] }
              ]
            }
            """);
        var ecs = new AwsEcsProvider(rig.Cli, TimeProvider.System);
        var settings = rig.Settings(("cluster", "axis-imaging-cluster-production-dr"), ("service", "axis-imaging-backend-production-dr"), ("region", "ap-southeast-4"));

        // When it is redeployed with the file registered first
        var outcome = await ecs.ExecuteAsync(rig.Operation(Operations.Service.Redeploy.Name, settings, new() { ["register"] = "@" + file }), CancellationToken.None);

        // Then the model accepted the registration, revision 2 is deployed, and the service is stable on it
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(["RegisterTaskDefinition", "UpdateService", "DescribeServices", "DescribeServices", "DescribeServices"], rig.Operations());
        Assert.Equal("backend", rig.StandIn.Calls[0].Parameters["containerDefinitions.0.name"]);
        Assert.EndsWith("axis-imaging-backend-production-dr:2", outcome.Outputs["task_definition"], StringComparison.Ordinal);
        Assert.Contains(rig.Profile.RecordedArgv(), argv => argv.Take(3).SequenceEqual(["ecs", "register-task-definition", "--cli-input-json"]) && argv[3].StartsWith("file://", StringComparison.Ordinal));
        Assert.Empty(rig.StandIn.Rejections);
    }

    [Fact]
    public async Task Redeploy_ForceAgainstAwsStandIn_StartsANewDeploymentOfTheSameDefinition()
    {
        await using var rig = AwsRig.Start();
        rig.StandIn.AddTaskDefinitions("medzen-ehrbase", "af-south-1", revisions: 3);
        rig.StandIn.AddEcsService("medzen-ehrbase-cluster", "medzen-ehrbase-service", "af-south-1", desired: 4, taskDefinition: "medzen-ehrbase:3");
        var ecs = new AwsEcsProvider(rig.Cli, TimeProvider.System);
        var settings = rig.Settings(("cluster", "medzen-ehrbase-cluster"), ("service", "medzen-ehrbase-service"), ("region", "af-south-1"));

        var outcome = await ecs.ExecuteAsync(rig.Operation(Operations.Service.Redeploy.Name, settings), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        var update = Assert.Single(rig.StandIn.Calls, c => c.Operation == "UpdateService");
        Assert.Equal("true", update.Parameters["forceNewDeployment"]);
        Assert.False(update.Parameters.ContainsKey("taskDefinition"));
        Assert.Equal(3, rig.StandIn.Calls.Count(c => c.Operation == "DescribeServices"));
        Assert.EndsWith("medzen-ehrbase:3", outcome.Outputs["task_definition"], StringComparison.Ordinal);
        Assert.Equal("4", outcome.Outputs["running"]);
    }

    [Fact]
    public async Task Cluster_AgainstAwsStandIn_ReportsStatusAndCounts()
    {
        await using var rig = AwsRig.Start();
        rig.StandIn.AddEcsService(Cluster, Backend, Sydney, desired: 2);
        rig.StandIn.AddEcsService(Cluster, "axis-imaging-frontend-production", Sydney, desired: 3);
        var ecs = new AwsEcsProvider(rig.Cli, TimeProvider.System);

        var outcome = await ecs.ProbeAsync(rig.Probe(Operations.Service.Cluster.Name, Settings(rig)), CancellationToken.None);

        Assert.Null(outcome.Error);
        Assert.Equal("ACTIVE", outcome.Fields["status"]);
        Assert.Equal("true", outcome.Fields["reachable"]);
        Assert.Equal("5", outcome.Fields["running_tasks"]);
        Assert.Equal("2", outcome.Fields["active_services"]);
        Assert.Equal(Cluster, rig.StandIn.Calls.Single().Parameters["clusters.0"]);
    }

    private static Dictionary<string, string> Settings(AwsRig rig) => rig.Settings(("cluster", Cluster), ("service", Backend), ("region", Sydney));
}
