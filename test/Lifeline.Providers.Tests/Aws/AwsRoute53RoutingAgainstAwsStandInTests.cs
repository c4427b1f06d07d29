using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Aws.Route53;

namespace Lifeline.Providers.Tests.Aws;

/// <summary>
/// aws-route53 alias, failover and weighted records and health-check status, running the real AWS CLI v2 against the AWS
/// stand-in (no AWS account is reachable here). The stand-in answers a change PENDING at the first get-change, INSYNC after.
/// </summary>
public sealed class AwsRoute53RoutingAgainstAwsStandInTests
{
    private const string AlbZone = "Z1GM3OXH4ZPM65";

    [Fact]
    public async Task Upsert_FailoverAliasAgainstAwsStandIn_WritesTheRoutingPolicyAndWaitsUntilInSync()
    {
        // Given the MedZen zone
        await using var rig = AwsRig.Start();
        var route53 = new AwsRoute53Provider(rig.Cli);
        var settings = rig.Settings(("hosted-zone-id", "Z123456"), ("zone", "medzenhealth.app"));

        // When ehr is made the secondary of a failover pair, as an alias of the DR load balancer answering only while healthy
        var outcome = await route53.ExecuteAsync(rig.Operation(Operations.Dns.Upsert.Name, settings, new()
        {
            ["name"] = "ehr",
            ["content"] = "medzen-dr-alb-123.eu-west-1.elb.amazonaws.com",
            ["alias-zone"] = AlbZone,
            ["evaluate-health"] = "true",
            ["set-id"] = "dr",
            ["failover"] = "secondary",
        }), CancellationToken.None);

        // Then Route 53 holds that record set, and the CLI's waiter asked get-change until INSYNC
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(["ChangeResourceRecordSets", "GetChange", "GetChange"], rig.Operations());
        var set = rig.StandIn.RecordSet("ehr.medzenhealth.app", "A", "dr");
        Assert.NotNull(set);
        Assert.Equal("SECONDARY", set.Failover);
        Assert.Equal(AlbZone, set.AliasZone);
        Assert.Equal("medzen-dr-alb-123.eu-west-1.elb.amazonaws.com", set.AliasTarget);
        Assert.True(set.EvaluateTargetHealth);
        Assert.Null(set.Ttl);
        Assert.Equal("true", outcome.Outputs["verified"]);
        Assert.Empty(rig.StandIn.Rejections);
    }

    [Fact]
    public async Task Upsert_WeightedAgainstAwsStandIn_WritesWeightSetIdAndHealthCheck()
    {
        await using var rig = AwsRig.Start();
        var route53 = new AwsRoute53Provider(rig.Cli);
        var settings = rig.Settings(("hosted-zone-id", "Z1234567890ABC"), ("zone", "axisimaging.com.au"));

        var outcome = await route53.ExecuteAsync(rig.Operation(Operations.Dns.Upsert.Name, settings, new()
        {
            ["name"] = "api",
            ["content"] = "203.0.113.10",
            ["set-id"] = "dr",
            ["weight"] = "20",
            ["health-check"] = "hc-dr-api",
        }), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        var set = rig.StandIn.RecordSet("api.axisimaging.com.au", "A", "dr");
        Assert.NotNull(set);
        Assert.Equal(20, set.Weight);
        Assert.Equal("hc-dr-api", set.HealthCheckId);
        Assert.Equal(["203.0.113.10"], set.Values);
        Assert.Equal(60, set.Ttl);
        Assert.Empty(rig.StandIn.Rejections);
    }

    [Fact]
    public async Task Upsert_WeightWithoutSetId_FailsWithoutCallingAws()
    {
        await using var rig = AwsRig.Start();
        var route53 = new AwsRoute53Provider(rig.Cli);

        var outcome = await route53.ExecuteAsync(rig.Operation(Operations.Dns.Upsert.Name, rig.Settings(("hosted-zone-id", "Z1"), ("zone", "example.org")), new() { ["name"] = "api", ["content"] = "203.0.113.10", ["weight"] = "20" }), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("needs input 'set-id'", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(rig.StandIn.Calls);
    }

    [Fact]
    public async Task HealthCheck_AgainstAwsStandIn_CountsTheCheckersThatSeeItHealthy()
    {
        await using var rig = AwsRig.Start();
        rig.StandIn.AddHealthCheck("hc-primary-api", healthy: 1, checkers: 3);
        var route53 = new AwsRoute53Provider(rig.Cli);

        var outcome = await route53.ProbeAsync(rig.Probe(Operations.Dns.HealthCheck.Name, rig.Settings(("hosted-zone-id", "Z1"), ("zone", "example.org")), new() { ["id"] = "hc-primary-api" }), CancellationToken.None);

        Assert.Null(outcome.Error);
        Assert.Equal("false", outcome.Fields["healthy"]);
        Assert.Equal("3", outcome.Fields["checkers"]);
        Assert.Equal("1", outcome.Fields["healthy_checkers"]);
        Assert.Equal(["GetHealthCheckStatus"], rig.Operations());
        Assert.Equal("us-east-1", rig.StandIn.Calls[0].Region);
    }
}
