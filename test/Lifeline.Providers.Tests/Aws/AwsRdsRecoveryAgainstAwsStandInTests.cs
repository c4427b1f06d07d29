using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Aws.Rds;

namespace Lifeline.Providers.Tests.Aws;

/// <summary>
/// aws-rds failover, restores, snapshots, events and fencing, each running the real AWS CLI v2 against the AWS stand-in
/// (no AWS account is reachable here). The stand-in keeps an instance rebooting or creating for a poll or two, so every
/// waiter really polls more than once.
/// </summary>
public sealed class AwsRdsRecoveryAgainstAwsStandInTests
{
    private const string Primary = "axis-imaging-primary-production";
    private const string Sydney = "ap-southeast-2";
    private const string Dr = "ap-southeast-4";

    [Fact]
    public async Task RebootFailover_MultiAzAgainstAwsStandIn_FailsOverWaitsAndReportsTheNewZone()
    {
        // Given a Multi-AZ primary in zone a, its standby in zone b
        await using var rig = AwsRig.Start();
        rig.StandIn.AddDbInstance(Primary, Sydney, address: "primary.db.example", multiAz: true);
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);

        // When it is failed over
        var outcome = await rds.ExecuteAsync(rig.Operation(Operations.Database.RebootFailover.Name, rig.Settings(("instance", Primary), ("region", Sydney))), CancellationToken.None);

        // Then the CLI rebooted it with failover, its waiter polled until available, and the outputs name both zones
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(["DescribeDBInstances", "RebootDBInstance", "DescribeDBInstances", "DescribeDBInstances", "DescribeDBInstances"], rig.Operations());
        Assert.Equal("true", rig.StandIn.Calls[1].Parameters["ForceFailover"]);
        Assert.Equal("ap-southeast-2a", outcome.Outputs["previous_zone"]);
        Assert.Equal("ap-southeast-2b", outcome.Outputs["zone"]);
        Assert.Equal("primary.db.example:5432", outcome.Outputs["endpoint"]);
        Assert.Contains(rig.Profile.RecordedArgv(), argv => argv.Take(3).SequenceEqual(["rds", "reboot-db-instance", "--db-instance-identifier"]) && argv.Contains("--force-failover"));
        Assert.Empty(rig.StandIn.Rejections);

        // And describe-events reports the failover completed
        var events = await rds.ProbeAsync(rig.Probe(Operations.Database.Events.Name, rig.Settings(("instance", Primary), ("region", Sydney))), CancellationToken.None);
        Assert.Null(events.Error);
        Assert.Equal("true", events.Fields["failover_completed"]);
        Assert.Equal("2", events.Fields["count"]);
        Assert.Equal("Multi-AZ instance failover completed.", events.Fields["latest"]);
        Assert.Equal("db-instance", rig.StandIn.Calls[^1].Parameters["SourceType"]);
    }

    [Fact]
    public async Task RebootFailover_SingleAzAgainstAwsStandIn_RefusesBeforeRebooting()
    {
        await using var rig = AwsRig.Start();
        rig.StandIn.AddDbInstance(Primary, Sydney, multiAz: false);
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);

        var outcome = await rds.ExecuteAsync(rig.Operation(Operations.Database.RebootFailover.Name, rig.Settings(("instance", Primary), ("region", Sydney))), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("not Multi-AZ", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(["DescribeDBInstances"], rig.Operations());
    }

    [Fact]
    public async Task RestoreToTime_AgainstAwsStandIn_RestoresWaitsThroughCreatingAndIsIdempotent()
    {
        // Given the MedZen database
        await using var rig = AwsRig.Start();
        rig.StandIn.AddDbInstance("medzen-ehrbase-db", "af-south-1");
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);
        var request = rig.Operation(Operations.Database.RestoreToTime.Name, rig.Settings(("instance", "medzen-ehrbase-db"), ("region", "af-south-1")),
            new() { ["instance"] = "medzen-ehrbase-db-restored", ["time"] = "2025-11-18T10:00:00Z", ["instance-class"] = "db.r6g.xlarge" });

        // When it is restored to a point in time, and the step runs again (a resumed run)
        var outcome = await rds.ExecuteAsync(request, CancellationToken.None);
        var again = await rds.ExecuteAsync(request, CancellationToken.None);

        // Then one restore was asked for, with the runbook's options, and the waiter saw "creating" before "available"
        Assert.True(outcome.Succeeded, outcome.Error);
        var restore = Assert.Single(rig.StandIn.Calls, c => c.Operation == "RestoreDBInstanceToPointInTime");
        Assert.Equal("medzen-ehrbase-db", restore.Parameters["SourceDBInstanceIdentifier"]);
        Assert.Equal("medzen-ehrbase-db-restored", restore.Parameters["TargetDBInstanceIdentifier"]);
        Assert.Equal("2025-11-18T10:00:00Z", restore.Parameters["RestoreTime"]);
        Assert.Equal("db.r6g.xlarge", restore.Parameters["DBInstanceClass"]);
        Assert.True(rig.StandIn.Calls.Count(c => c.Operation == "DescribeDBInstances") >= 5, string.Join(", ", rig.Operations()));
        Assert.Equal("medzen-ehrbase-db-restored.standin.af-south-1.rds.amazonaws.com:5432", outcome.Outputs["endpoint"]);
        Assert.Equal("2025-11-18T10:00:00Z", outcome.Outputs["restored_to"]);
        Assert.Equal("medzen-ehrbase-db@2025-11-18T10:00:00Z", rig.StandIn.DbInstanceRestoredFrom("medzen-ehrbase-db-restored"));
        Assert.True(again.Succeeded, again.Error);
        Assert.Contains(rig.Log.Lines, l => l.Contains("restored earlier", StringComparison.Ordinal));
        Assert.Empty(rig.StandIn.Rejections);
    }

    [Fact]
    public async Task RestoreSnapshot_LatestAgainstAwsStandIn_ListsPicksTheNewestAvailableAndRestoresPrivately()
    {
        // Given three snapshots of the primary copied to the DR region, the newest still being copied
        await using var rig = AwsRig.Start();
        var now = TimeProvider.System.GetUtcNow();
        rig.StandIn.AddDbSnapshot("axis-daily-1", Primary, Dr, now.AddDays(-2));
        rig.StandIn.AddDbSnapshot("axis-daily-2", Primary, Dr, now.AddDays(-1));
        rig.StandIn.AddDbSnapshot("axis-daily-3", Primary, Dr, now.AddHours(-1), status: "copying");
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);
        var settings = rig.Settings(("instance", Primary), ("region", Dr));

        // When the snapshots are checked, and the latest available one restored as the runbook does
        var listed = await rds.ProbeAsync(rig.Probe(Operations.Database.Snapshots.Name, settings), CancellationToken.None);
        var outcome = await rds.ExecuteAsync(rig.Operation(Operations.Database.RestoreSnapshot.Name, settings, new()
        {
            ["instance"] = "axis-imaging-primary-dr-production",
            ["instance-class"] = "db.r6g.xlarge",
            ["subnet-group"] = "axis-imaging-db-subnet-group-dr-production",
            ["security-groups"] = "sg-0db1, sg-0db2",
        }), CancellationToken.None);

        // Then the probe saw two available, the newer the latest, and the restore used it, never publicly accessible
        Assert.Null(listed.Error);
        Assert.Equal("2", listed.Fields["count"]);
        Assert.Equal("axis-daily-2", listed.Fields["latest"]);
        Assert.InRange(double.Parse(listed.Fields["latest_age_s"], System.Globalization.CultureInfo.InvariantCulture), 86000, 87000);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("axis-daily-2", outcome.Outputs["snapshot"]);
        var restore = Assert.Single(rig.StandIn.Calls, c => c.Operation == "RestoreDBInstanceFromDBSnapshot");
        Assert.Equal("axis-daily-2", restore.Parameters["DBSnapshotIdentifier"]);
        Assert.Equal("false", restore.Parameters["PubliclyAccessible"]);
        Assert.Equal("sg-0db1", restore.Parameters["VpcSecurityGroupIds.VpcSecurityGroupId.1"]);
        Assert.Equal("sg-0db2", restore.Parameters["VpcSecurityGroupIds.VpcSecurityGroupId.2"]);
        Assert.Equal("axis-imaging-db-subnet-group-dr-production", restore.Parameters["DBSubnetGroupName"]);
        Assert.Equal("axis-imaging-primary-dr-production.standin.ap-southeast-4.rds.amazonaws.com", outcome.Outputs["host"]);
        Assert.Equal("available", rig.StandIn.DbInstanceStatus("axis-imaging-primary-dr-production"));
        Assert.Empty(rig.StandIn.Rejections);
    }

    [Fact]
    public async Task Snapshots_ClusterAgainstAwsStandIn_ReadsTheClusterSnapshots()
    {
        await using var rig = AwsRig.Start();
        rig.StandIn.AddDbClusterSnapshot("rds:medzen-ehrbase-db-2025-11-18", "medzen-ehrbase-db", "af-south-1", TimeProvider.System.GetUtcNow().AddHours(-3));
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);

        var listed = await rds.ProbeAsync(rig.Probe(Operations.Database.Snapshots.Name, rig.Settings(("instance", "medzen-ehrbase-db"), ("region", "af-south-1")), new() { ["cluster"] = "medzen-ehrbase-db" }), CancellationToken.None);

        Assert.Null(listed.Error);
        Assert.Equal("1", listed.Fields["count"]);
        Assert.Equal("rds:medzen-ehrbase-db-2025-11-18", listed.Fields["latest"]);
        Assert.Equal(["DescribeDBClusterSnapshots"], rig.Operations());
        Assert.Equal("medzen-ehrbase-db", rig.StandIn.Calls[0].Parameters["DBClusterIdentifier"]);
    }

    [Fact]
    public async Task Snapshot_ForensicAgainstAwsStandIn_CreatesWaitsUntilAvailableAndDoesNotRetakeIt()
    {
        // Given the primary
        await using var rig = AwsRig.Start();
        rig.StandIn.AddDbInstance(Primary, Sydney);
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);
        var request = rig.Operation(Operations.Database.Snapshot.Name, rig.Settings(("instance", Primary), ("region", Sydney)), new() { ["name"] = "forensic-snapshot-20261201-0930" });

        // When a forensic snapshot is taken, and the step runs again
        var outcome = await rds.ExecuteAsync(request, CancellationToken.None);
        var again = await rds.ExecuteAsync(request, CancellationToken.None);

        // Then it was created once, the waiter waited through "creating", and the second run found it
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("available", outcome.Outputs["status"]);
        Assert.Single(rig.StandIn.Calls, c => c.Operation == "CreateDBSnapshot");
        Assert.Equal("available", rig.StandIn.DbSnapshotStatus("forensic-snapshot-20261201-0930"));
        Assert.True(again.Succeeded, again.Error);
        Assert.Equal("available", again.Outputs["status"]);
        Assert.Empty(rig.StandIn.Rejections);
    }

    [Fact]
    public async Task Fence_ReachablePrimaryBySecurityGroupAgainstAwsStandIn_RevokesAppIngressVerifiesAndReboots()
    {
        // Given the old primary, reachable, whose security group admits the application's group and a monitoring range
        await using var rig = AwsRig.Start();
        rig.StandIn.AddDbInstance(Primary, Sydney, securityGroups: ["sg-0db"]);
        rig.StandIn.AddIngress("sg-0db", Sydney, 5432, sourceGroup: "sg-0app");
        rig.StandIn.AddIngress("sg-0db", Sydney, 5432, cidr: "10.9.0.0/24");
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);

        // When it is fenced (method block, the default with an application security group)
        var outcome = await rds.ExecuteAsync(rig.Operation(Operations.Database.Fence.Name, rig.Settings(("instance", Primary), ("region", Sydney), ("app-security-group", "sg-0app"))), CancellationToken.None);

        // Then the application's path is closed and read back closed, monitoring keeps its own, and the reboot ends open sessions
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(["DescribeDBInstances", "RevokeSecurityGroupIngress", "DescribeSecurityGroups", "RebootDBInstance"], rig.Operations());
        Assert.Equal(["tcp/5432 from 10.9.0.0/24"], rig.StandIn.Ingress("sg-0db"));
        Assert.Equal("sg-0app", rig.StandIn.Calls[1].Parameters["IpPermissions.1.Groups.1.GroupId"]);
        Assert.Equal("true", outcome.Outputs["fenced"]);
        Assert.Equal("block", outcome.Outputs["method"]);
        Assert.Equal("true", outcome.Outputs["verified"]);
        Assert.Equal("true", outcome.Outputs["holds"]);
        Assert.Contains("no rule admits tcp/5432 from sg-0app", outcome.Outputs["evidence"], StringComparison.Ordinal);
        Assert.Equal("rebooting", rig.StandIn.DbInstanceStatus(Primary));
        Assert.Empty(rig.StandIn.Rejections);
    }

    [Fact]
    public async Task Fence_RegionUnreachableWithSecurityGroupAgainstAwsStandIn_ReportsNotFencedWithTheReason()
    {
        // Given the old primary's region, whose API does not answer (nothing listens on its endpoint)
        await using var rig = AwsRig.Start();
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);
        var settings = rig.Settings(("instance", Primary), ("region", Sydney), ("app-security-group", "sg-0app"));
        settings["endpoint-url"] = $"http://127.0.0.1:{AwsStandIn.AwsStandIn.FreePort()}";

        // When it is fenced
        var outcome = await rds.ExecuteAsync(rig.Operation(Operations.Database.Fence.Name, settings), CancellationToken.None);

        // Then the step fails as not fenced, saying why, and nothing else was tried (a person decides at the gate)
        Assert.False(outcome.Succeeded);
        Assert.Contains("not fenced", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("unreachable", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("ConnectionFailure", outcome.Error, StringComparison.Ordinal);
        Assert.Single(rig.Profile.RecordedArgv(), argv => argv[0] == "rds");
        Assert.DoesNotContain(rig.Profile.RecordedArgv(), argv => argv[0] == "ec2");
    }

    [Fact]
    public async Task Fence_DemoteOnRds_FailsWithoutCallingAws()
    {
        await using var rig = AwsRig.Start();
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);

        var outcome = await rds.ExecuteAsync(rig.Operation(Operations.Database.Fence.Name, rig.Settings(("instance", Primary), ("region", Sydney)), new() { ["method"] = "demote" }), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("not possible on RDS", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(rig.StandIn.Calls);
    }
}
