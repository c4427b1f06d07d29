using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Aws.Rds;

namespace Lifeline.Providers.Tests.Aws;

/// <summary>
/// aws-rds reprotect (failback's first step) running the real AWS CLI v2 against the AWS stand-in (no AWS account is
/// reachable here): the old primary's identifier comes back as a cross-region read replica of the promoted DR instance.
/// </summary>
public sealed class AwsRdsReprotectAgainstAwsStandInTests
{
    private const string Primary = "axis-imaging-primary-production";
    private const string DrInstance = "axis-imaging-primary-dr-production";
    private const string Sydney = "ap-southeast-2";
    private const string Melbourne = "ap-southeast-4";
    private const string DrArn = "arn:aws:rds:ap-southeast-4:123456789012:db:axis-imaging-primary-dr-production";

    [Fact]
    public async Task Reprotect_OldPrimaryDeletedAgainstAwsStandIn_CreatesACrossRegionReplicaOfTheDrPrimaryAndIsIdempotent()
    {
        // Given the promoted DR primary in Melbourne, and the old Sydney primary deleted after its final snapshot
        await using var rig = AwsRig.Start();
        rig.StandIn.AddDbInstance(DrInstance, Melbourne, address: "dr.db.example");
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);
        var request = rig.Operation(Operations.Database.Reprotect.Name, rig.Settings(("instance", Primary), ("region", Sydney), ("upstream", DrArn)));

        // When the old primary is reprotected, and the step runs again (a resumed run)
        var outcome = await rds.ExecuteAsync(request, CancellationToken.None);
        var again = await rds.ExecuteAsync(request, CancellationToken.None);

        // Then one cross-region read replica was created in Sydney from the DR instance's ARN, signed for its region
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.True(again.Succeeded, again.Error);
        var create = Assert.Single(rig.StandIn.Calls, c => c.Operation == "CreateDBInstanceReadReplica");
        Assert.Equal(Primary, create.Parameters["DBInstanceIdentifier"]);
        Assert.Equal(DrArn, create.Parameters["SourceDBInstanceIdentifier"]);
        Assert.True(create.Parameters.ContainsKey("PreSignedUrl"), "the CLI signs a cross-region replica with --source-region");
        Assert.Contains(rig.Profile.RecordedArgv(), argv => argv.Take(2).SequenceEqual(["rds", "create-db-instance-read-replica"]) && argv.Contains("--source-region") && argv.Contains(Melbourne));
        Assert.Equal(DrArn, rig.StandIn.DbInstanceReplicaOf(Primary));
        Assert.Equal("available", rig.StandIn.DbInstanceStatus(Primary));
        Assert.Equal("standby", outcome.Outputs["role"]);
        Assert.Equal("true", outcome.Outputs["rewound"]);
        Assert.Equal("false", again.Outputs["rewound"]);
        Assert.Empty(rig.StandIn.Rejections);
    }

    [Fact]
    public async Task Reprotect_OldPrimaryStillExists_RefusesAndCreatesNothing()
    {
        // Given the promoted DR primary, and the old primary still there (fenced, stopped)
        await using var rig = AwsRig.Start();
        rig.StandIn.AddDbInstance(DrInstance, Melbourne);
        rig.StandIn.AddDbInstance(Primary, Sydney, status: "stopped");
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);

        var outcome = await rds.ExecuteAsync(rig.Operation(Operations.Database.Reprotect.Name, rig.Settings(("instance", Primary), ("region", Sydney), ("upstream", DrArn))), CancellationToken.None);

        // Then nothing is created, and the operator is told what RDS needs first
        Assert.False(outcome.Succeeded);
        Assert.Contains("still exists", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("final snapshot", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(rig.StandIn.Calls, c => c.Operation == "CreateDBInstanceReadReplica");
    }

    [Fact]
    public async Task Reprotect_UpstreamIsStillAReplica_RefusesAndCreatesNothing()
    {
        // Given a DR instance that was never promoted (still a replica of the old primary)
        await using var rig = AwsRig.Start();
        rig.StandIn.AddDbInstance(DrInstance, Melbourne, replicaOf: "arn:aws:rds:ap-southeast-2:123456789012:db:" + Primary);
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);

        var outcome = await rds.ExecuteAsync(rig.Operation(Operations.Database.Reprotect.Name, rig.Settings(("instance", Primary), ("region", Sydney), ("upstream", DrArn))), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("not a writable primary", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(rig.StandIn.Calls, c => c.Operation == "CreateDBInstanceReadReplica");
    }

    [Fact]
    public async Task Reprotect_NoUpstreamSetting_FailsNamingTheSetting()
    {
        await using var rig = AwsRig.Start();
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);

        var outcome = await rds.ExecuteAsync(rig.Operation(Operations.Database.Reprotect.Name, rig.Settings(("instance", Primary), ("region", Sydney))), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("needs setting 'upstream'", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(rig.StandIn.Calls);
    }
}
