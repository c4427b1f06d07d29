using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Aws.Cli;
using Lifeline.Providers.Aws.Ec2;
using Lifeline.Providers.Aws.Ecs;
using Lifeline.Providers.Aws.Rds;
using Lifeline.Providers.Aws.Route53;

namespace Lifeline.Providers.Tests.Aws;

/// <summary>What dry-run shows for the database, service, DNS and network steps: the runbook's own aws commands, typed.</summary>
public sealed class AwsCommandPreviewTests
{
    private static readonly AwsCli Cli = new(new AwsCliOptions(), TimeProvider.System);

    [Fact]
    public void PreviewCommands_RdsRecovery_AreTheRunbooksCommands()
    {
        var rds = new AwsRdsProvider(Cli, TimeProvider.System);
        var settings = new Dictionary<string, string> { ["instance"] = "axis-imaging-primary-production", ["region"] = "ap-southeast-2", ["profile"] = "primary" };

        var failover = rds.PreviewCommands(Request(Operations.Database.RebootFailover.Name, settings));
        var pitr = rds.PreviewCommands(Request(Operations.Database.RestoreToTime.Name, settings, new() { ["instance"] = "axis-imaging-pitr-recovery", ["time"] = "2026-12-01T09:00:00Z", ["instance-class"] = "db.r6g.xlarge" }));
        var snapshot = rds.PreviewCommands(Request(Operations.Database.Snapshot.Name, settings, new() { ["name"] = "forensic-1" }));

        Assert.Contains("aws rds reboot-db-instance --db-instance-identifier axis-imaging-primary-production --force-failover --region ap-southeast-2 --profile primary --output json", failover);
        Assert.Contains("aws rds wait db-instance-available --db-instance-identifier axis-imaging-primary-production --region ap-southeast-2 --profile primary --output json", failover);
        Assert.Contains("aws rds restore-db-instance-to-point-in-time --source-db-instance-identifier axis-imaging-primary-production --target-db-instance-identifier axis-imaging-pitr-recovery --restore-time 2026-12-01T09:00:00Z --db-instance-class db.r6g.xlarge --region ap-southeast-2 --profile primary --output json", pitr);
        Assert.Contains("aws rds create-db-snapshot --db-instance-identifier axis-imaging-primary-production --db-snapshot-identifier forensic-1 --region ap-southeast-2 --profile primary --output json", snapshot);
    }

    [Fact]
    public void PreviewCommands_FenceWithAppSecurityGroup_RevokesThenReboots()
    {
        var rds = new AwsRdsProvider(Cli, TimeProvider.System);
        var settings = new Dictionary<string, string> { ["instance"] = "old", ["region"] = "ap-southeast-2", ["app-security-group"] = "sg-0app", ["security-group"] = "sg-0db" };

        var fence = rds.PreviewCommands(Request(Operations.Database.Fence.Name, settings));

        Assert.Equal(
            [
                "aws rds describe-db-instances --db-instance-identifier old --region ap-southeast-2 --output json",
                "aws ec2 revoke-security-group-ingress --group-id sg-0db --protocol tcp --port 5432 --source-group sg-0app --region ap-southeast-2 --output json",
                "aws ec2 describe-security-groups --group-ids sg-0db --region ap-southeast-2 --output json",
                "aws rds reboot-db-instance --db-instance-identifier old --region ap-southeast-2 --output json",
            ],
            fence);
    }

    [Fact]
    public void PreviewCommands_EcsRollbackRoute53FailoverAndEc2_NameEveryCall()
    {
        var ecs = new AwsEcsProvider(Cli, TimeProvider.System);
        var route53 = new AwsRoute53Provider(Cli);
        var ec2 = new AwsEc2Provider(Cli);

        var rollback = ecs.PreviewCommands(Request(Operations.Service.Rollback.Name, new() { ["cluster"] = "c", ["service"] = "s", ["region"] = "ap-southeast-2" }));
        var dns = route53.PreviewCommands(Request(Operations.Dns.Upsert.Name, new() { ["hosted-zone-id"] = "Z1", ["zone"] = "example.org" }, new() { ["name"] = "www", ["content"] = "lb.example.com", ["alias-zone"] = "Z2", ["set-id"] = "dr", ["failover"] = "secondary" }));
        var revoke = ec2.PreviewCommands(Request(Operations.Firewall.RevokeIngress.Name, new() { ["group-id"] = "sg-1", ["region"] = "ap-southeast-2" }, new() { ["port"] = "443", ["cidr"] = "0.0.0.0/0" }));

        Assert.Contains("aws ecs list-task-definitions --family-prefix '<family of the running task definition>' --status ACTIVE --sort DESC --region ap-southeast-2 --output json", rollback);
        Assert.Contains("aws ecs wait services-stable --cluster c --services s --region ap-southeast-2 --output json", rollback);
        Assert.Contains(dns, l => l.StartsWith("aws route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch", StringComparison.Ordinal)
            && l.Contains("\"Failover\":\"SECONDARY\"", StringComparison.Ordinal) && l.Contains("\"AliasTarget\":{\"HostedZoneId\":\"Z2\"", StringComparison.Ordinal));
        Assert.Equal("aws ec2 revoke-security-group-ingress --group-id sg-1 --protocol tcp --port 443 --cidr 0.0.0.0/0 --region ap-southeast-2 --output json", revoke[0]);
    }

    private static OperationRequest Request(string operation, Dictionary<string, string> settings, Dictionary<string, string>? inputs = null) =>
        new(operation, "target", settings, inputs ?? [], RecordingStepLog.Context(new RecordingStepLog()));
}
