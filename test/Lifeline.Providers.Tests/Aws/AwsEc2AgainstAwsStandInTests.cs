using Lifeline.AwsStandIn;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Aws.Ec2;

namespace Lifeline.Providers.Tests.Aws;

/// <summary>aws-ec2 (security group ingress, volume snapshots) running the real AWS CLI v2 against the AWS stand-in, which speaks EC2's own protocol.</summary>
public sealed class AwsEc2AgainstAwsStandInTests
{
    private const string Sydney = "ap-southeast-2";

    [Fact]
    public async Task RevokeIngress_PublicHttpsAgainstAwsStandIn_ClosesItReadsItBackAndIsIdempotent()
    {
        // Given the runbook's "block all external access": 443 open to the world, 443 from the VPN range
        await using var rig = AwsRig.Start();
        rig.StandIn.AddIngress("sg-0web", Sydney, 443, cidr: "0.0.0.0/0");
        rig.StandIn.AddIngress("sg-0web", Sydney, 443, cidr: "10.8.0.0/16");
        var ec2 = new AwsEc2Provider(rig.Cli);
        var request = rig.Operation(Operations.Firewall.RevokeIngress.Name, rig.Settings(("group-id", "sg-0web"), ("region", Sydney)), new() { ["port"] = "443", ["cidr"] = "0.0.0.0/0" });

        // When the public rule is revoked, and the step runs again
        var outcome = await ec2.ExecuteAsync(request, CancellationToken.None);
        var again = await ec2.ExecuteAsync(request, CancellationToken.None);

        // Then the model accepted the EC2 call, only the public rule is gone, and the second run found it gone
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("true", outcome.Outputs["was_present"]);
        Assert.Equal("true", outcome.Outputs["verified"]);
        Assert.Equal(["tcp/443 from 10.8.0.0/16"], rig.StandIn.Ingress("sg-0web"));
        var revoke = rig.StandIn.Calls[0];
        Assert.Equal("RevokeSecurityGroupIngress", revoke.Operation);
        Assert.Equal("0.0.0.0/0", revoke.Parameters["IpPermissions.1.IpRanges.1.CidrIp"]);
        Assert.Equal("443", revoke.Parameters["IpPermissions.1.FromPort"]);
        Assert.True(again.Succeeded, again.Error);
        Assert.Equal("false", again.Outputs["was_present"]);
        Assert.NotNull(rig.StandIn.Calls[2].Error);
        Assert.Contains(rig.Log.Lines, l => l.Contains("InvalidPermission.NotFound", StringComparison.Ordinal));
        Assert.Empty(rig.StandIn.Rejections);
    }

    [Fact]
    public async Task RevokeIngress_AccessDeniedAgainstAwsStandIn_FailsPermanentlyWithTheCode()
    {
        await using var rig = AwsRig.Start();
        rig.StandIn.AddIngress("sg-0web", Sydney, 443, cidr: "0.0.0.0/0");
        rig.StandIn.Inject("RevokeSecurityGroupIngress", AwsFault.AccessDenied);
        var ec2 = new AwsEc2Provider(rig.Cli);

        var outcome = await ec2.ExecuteAsync(rig.Operation(Operations.Firewall.RevokeIngress.Name, rig.Settings(("group-id", "sg-0web"), ("region", Sydney)), new() { ["port"] = "443", ["cidr"] = "0.0.0.0/0" }), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.False(outcome.IsTransient);
        Assert.Contains("AccessDenied", outcome.Error, StringComparison.Ordinal);
        Assert.Single(rig.StandIn.Calls);
        Assert.Equal(["tcp/443 from 0.0.0.0/0"], rig.StandIn.Ingress("sg-0web"));
    }

    [Fact]
    public async Task Snapshot_VolumeThrottledOnceAgainstAwsStandIn_IsRetriedAndReportsTheSnapshot()
    {
        // Given a data volume, and EC2 throttling the first create-snapshot
        await using var rig = AwsRig.Start();
        rig.StandIn.AddVolume("vol-0abc", Sydney);
        rig.StandIn.Inject("CreateSnapshot", AwsFault.Throttling);
        var ec2 = new AwsEc2Provider(rig.Cli);

        // When a forensic snapshot is taken
        var outcome = await ec2.ExecuteAsync(rig.Operation(Operations.Volume.Snapshot.Name, rig.Settings(("volume-id", "vol-0abc"), ("region", Sydney)), new() { ["description"] = "Forensic snapshot of incident 42" }), CancellationToken.None);

        // Then the throttled call was tried again, and the step has the snapshot id and state
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(["Throttling", null], rig.StandIn.Calls.Select(c => c.Error));
        var snapshot = Assert.Single(rig.StandIn.VolumeSnapshots);
        Assert.Equal(snapshot.Snapshot, outcome.Outputs["snapshot"]);
        Assert.Equal("pending", outcome.Outputs["state"]);
        Assert.Equal("Forensic snapshot of incident 42", snapshot.Description);
        Assert.Empty(rig.StandIn.Rejections);
    }
}
