using Lifeline.AwsStandIn;
using Lifeline.Providers.Aws.Cli;
using Lifeline.Providers.Aws.Rds;
using Npgsql;

namespace Lifeline.Sandbox.Tests.Providers;

/// <summary>
/// A production failback's switchover on RDS: the real AWS CLI v2 against the AWS stand-in (AWS cannot run here), whose
/// instances' endpoints are the sandbox's real PostgreSQL pair, so the WAL positions are real.
/// </summary>
public sealed class AwsRdsSwitchoverTests(DatabasePairFixture sandbox) : IClassFixture<DatabasePairFixture>
{
    private const string Region = "ap-southeast-2";

    [Fact]
    public async Task FenceBlockThenPromoteAfterLsn_AgainstAwsStandIn_FenceReadsTheWalPositionAndThePromotionWaitsForIt()
    {
        // Given the stand-in's primary and its read replica, whose endpoints are the sandbox's primary and standby
        await using var standIn = AwsStandIn.AwsStandIn.Start();
        using var profile = new StandInCliProfile();
        var rds = Rds(profile);
        var primary = sandbox.PostgresSettings("LIFELINE_SANDBOX_PG_PRIMARY_PORT");
        var standby = sandbox.PostgresSettings("LIFELINE_SANDBOX_PG_STANDBY_PORT");
        standIn.AddDbInstance("axis-primary", Region, port: int.Parse(primary["port"], System.Globalization.CultureInfo.InvariantCulture), securityGroups: ["sg-0db"]);
        standIn.AddIngress("sg-0db", Region, 5432, sourceGroup: "sg-0app");
        standIn.AddDbInstance("axis-replica", Region, replicaOf: "axis-primary", port: int.Parse(standby["port"], System.Globalization.CultureInfo.InvariantCulture));
        await using (var db = new NpgsqlConnection(sandbox.PrimaryConnectionString))
        {
            await db.OpenAsync();
            await using var write = new NpgsqlCommand("insert into patients (name) values ('before-switchover')", db);
            await write.ExecuteNonQueryAsync();
        }

        var step = new TestStep();
        Dictionary<string, string> Settings(string instance, IReadOnlyDictionary<string, string> sql) => new()
        {
            ["instance"] = instance,
            ["region"] = Region,
            ["endpoint-url"] = standIn.Endpoint,
            ["app-security-group"] = "sg-0app",
            ["database"] = sql["database"],
            ["user"] = sql["user"],
            ["password"] = sql["password"],
        };

        // When the primary is fenced by its security group, and the replica promoted after the fence's WAL position
        var fence = await rds.ExecuteAsync(step.Operation("database.fence", Settings("axis-primary", primary)), CancellationToken.None);
        Assert.True(fence.Succeeded, fence.Error);
        var promote = await rds.ExecuteAsync(
            step.Operation("database.promote", Settings("axis-replica", standby), new Dictionary<string, string> { ["after-lsn"] = fence.Outputs["lsn"], ["wait"] = "30s" }),
            CancellationToken.None);

        // Then the fence read the primary's WAL position once its sessions had ended, and the promotion waited until the
        // replica had replayed it
        Assert.Matches("^[0-9A-F]+/[0-9A-F]+$", fence.Outputs["lsn"]);
        Assert.True(promote.Succeeded, promote.Error + "\n" + string.Join("\n", step.Lines));
        Assert.Contains(step.Lines, l => l.Contains($"at or past the fenced primary's {fence.Outputs["lsn"]}", StringComparison.Ordinal));
        Assert.Equal(["DescribeDBInstances", "RevokeSecurityGroupIngress", "DescribeSecurityGroups", "RebootDBInstance", "DescribeDBInstances"], standIn.Calls.Take(5).Select(c => c.Operation));
    }

    [Fact]
    public async Task FenceBlockThenPromote_NoSqlCredentialsAgainstAwsStandIn_FencesButThePromotionRefusesTheUnknownPosition()
    {
        // Given a primary whose binding gives no SQL credentials
        await using var standIn = AwsStandIn.AwsStandIn.Start();
        using var profile = new StandInCliProfile();
        var rds = Rds(profile);
        standIn.AddDbInstance("axis-primary", Region, securityGroups: ["sg-0db"]);
        standIn.AddIngress("sg-0db", Region, 5432, sourceGroup: "sg-0app");
        standIn.AddDbInstance("axis-replica", Region, replicaOf: "axis-primary");
        var step = new TestStep();

        // When it is fenced, and the replica promoted after the fence's position
        var fence = await rds.ExecuteAsync(
            step.Operation("database.fence", new Dictionary<string, string> { ["instance"] = "axis-primary", ["region"] = Region, ["endpoint-url"] = standIn.Endpoint, ["app-security-group"] = "sg-0app" }),
            CancellationToken.None);
        var promote = await rds.ExecuteAsync(
            step.Operation("database.promote", new Dictionary<string, string> { ["instance"] = "axis-replica", ["region"] = Region, ["endpoint-url"] = standIn.Endpoint }, new Dictionary<string, string> { ["after-lsn"] = fence.Outputs["lsn"] }),
            CancellationToken.None);

        // Then the fence holds but says the position is unknown, and the promotion refuses rather than risk losing writes
        Assert.True(fence.Succeeded, fence.Error);
        Assert.Equal("", fence.Outputs["lsn"]);
        Assert.Contains(step.Lines, l => l.Contains("its last WAL position is not read", StringComparison.Ordinal));
        Assert.False(promote.Succeeded);
        Assert.Contains("not promoted", promote.Error, StringComparison.Ordinal);
        Assert.Equal("available", standIn.DbInstanceStatus("axis-replica"));
    }

    /// <summary>The aws-rds provider running Debian's AWS CLI v2 with the stand-in's profile.</summary>
    private static AwsRdsProvider Rds(StandInCliProfile profile)
    {
        Assert.True(StandInCliProfile.CliAvailable, "the AWS CLI v2 is missing: apt-get install awscli (test.sh installs it)");
        var cli = new AwsCli(new AwsCliOptions { Binary = profile.Wrapper, Environment = profile.Environment, RetryDelay = TimeSpan.FromMilliseconds(50) }, TimeProvider.System);
        return new AwsRdsProvider(cli, TimeProvider.System);
    }
}
