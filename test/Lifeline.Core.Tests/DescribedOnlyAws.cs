using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using static Lifeline.Core.Providers.SettingDescriptor;

namespace Lifeline.Core.Tests;

/// <summary>
/// The AWS family as providers that only describe, so the loader's describe-only rules (a warning at
/// <c>validate --profile production</c>, a refusal at run time) have providers to test against. The real family executes
/// through the AWS CLI (src/Lifeline.Providers/Aws).
/// </summary>
internal static class DescribedOnlyAws
{
    private static readonly SettingDescriptor Region = Required("region", "AWS region, e.g. us-east-1.");
    private static readonly SettingDescriptor Profile = Optional("profile", "AWS CLI profile (default: the environment's credentials).");

    public static readonly ProviderDescriptor AwsRds = new(
        "aws-rds", "Amazon RDS for PostgreSQL: instance status, promote-read-replica, reboot with failover, snapshots.",
        Operations.Database.Capability.Operations, Operations.Database.Capability.Probes,
        [
            Required("instance", "DB instance identifier."),
            Region,
            Profile,
            RequiredBy("database", "Database the baselines count rows in.", Operations.Database.BaselineCapture.Name, Operations.Database.BaselineVerify.Name),
            RequiredBy("user", "Role the baselines connect as.", Operations.Database.BaselineCapture.Name, Operations.Database.BaselineVerify.Name),
            RequiredBy("password", "Its password (usually ${{ secrets.X }}).", Operations.Database.BaselineCapture.Name, Operations.Database.BaselineVerify.Name),
            RequiredBy("upstream", "The promoted DR instance database.reprotect makes this one a read replica of (ARN or identifier).", Operations.Database.Reprotect.Name),
        ],
        CanExecute: false);

    public static readonly ProviderDescriptor AwsEcs = new(
        "aws-ecs", "Amazon ECS services: update-service desired count, wait services-stable.",
        Operations.Service.Capability.Operations, Operations.Service.Capability.Probes,
        [Required("cluster", "ECS cluster name or ARN."), Required("service", "ECS service name."), Optional("address", "Address the service answers on."), Region, Profile],
        CanExecute: false);

    public static readonly ProviderDescriptor AwsRoute53 = new(
        "aws-route53", "Amazon Route 53: change-resource-record-sets UPSERT, verified by an authoritative query.",
        Operations.Dns.Capability.Operations, Operations.Dns.Capability.Probes,
        [Required("hosted-zone-id", "The hosted zone's id."), Required("zone", "The zone's name."), Profile],
        CanExecute: false);

    public static readonly ProviderDescriptor AwsSecretsManager = new(
        "aws-secretsmanager", "AWS Secrets Manager: put-secret-value, describe-secret.",
        Operations.Secret.Capability.Operations, Operations.Secret.Capability.Probes,
        [Required("secret-id", "Secret name or ARN."), Region, Profile],
        CanExecute: false);

    public static readonly ProviderDescriptor AwsSns = new(
        "aws-sns", "Amazon SNS: publish to a topic.",
        Operations.Notify.Capability.Operations, [],
        [Required("topic-arn", "The topic's ARN."), Region, Profile],
        CanExecute: false);

    public static readonly ProviderDescriptor AwsAcm = new(
        "aws-acm", "AWS Certificate Manager: describe-certificate.",
        [], Operations.Certificate.Capability.Probes,
        [Required("certificate-arn", "The certificate's ARN."), Region, Profile],
        CanExecute: false);


    public static readonly ProviderDescriptor AwsEc2 = new(
        "aws-ec2", "Amazon EC2: revoke-security-group-ingress, create-snapshot.",
        [Operations.Firewall.RevokeIngress, Operations.Volume.Snapshot], [],
        [RequiredBy("group-id", "Security group id.", Operations.Firewall.RevokeIngress.Name), RequiredBy("volume-id", "EBS volume id.", Operations.Volume.Snapshot.Name), Region, Profile],
        CanExecute: false);

    public static readonly IReadOnlyList<ProviderDescriptor> All = [AwsRds, AwsEcs, AwsRoute53, AwsSecretsManager, AwsSns, AwsAcm, AwsEc2];
}
