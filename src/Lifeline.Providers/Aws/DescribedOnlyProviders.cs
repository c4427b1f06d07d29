using Lifeline.Core.Providers;
using Lifeline.Providers.Capabilities;

namespace Lifeline.Providers;

/// <summary>
/// Production bindings that validate and dry-run but cannot execute here: the AWS service SDKs are not available
/// to this build. A live run that reaches one fails with a clear message before doing anything.
/// </summary>
public static class DescribedOnlyProviders
{
    public static readonly ProviderDescriptor AwsRds = new(
        "aws-rds", "Amazon RDS for PostgreSQL: instance status, promote-read-replica, reboot with failover, snapshots.",
        DatabaseCapability.Operations, DatabaseCapability.Probes, ["instance", "region", "profile", "database", "user", "password"], CanExecute: false);

    public static readonly ProviderDescriptor AwsEcs = new(
        "aws-ecs", "Amazon ECS services: update-service desired count, wait services-stable.",
        ServiceCapability.Operations, ServiceCapability.Probes, ["cluster", "service", "region", "profile"], CanExecute: false);

    public static readonly ProviderDescriptor AwsRoute53 = new(
        "aws-route53", "Amazon Route 53: change-resource-record-sets UPSERT, verified by an authoritative query.",
        DnsCapability.Operations, DnsCapability.Probes, ["hosted-zone-id", "zone", "profile"], CanExecute: false);

    public static readonly ProviderDescriptor AwsSecretsManager = new(
        "aws-secretsmanager", "AWS Secrets Manager: put-secret-value, describe-secret.",
        SecretCapability.Operations, SecretCapability.Probes, ["secret-id", "region", "profile"], CanExecute: false);

    public static readonly ProviderDescriptor AwsSns = new(
        "aws-sns", "Amazon SNS: publish to a topic.",
        NotifyCapability.Operations, [], ["topic-arn", "region", "profile"], CanExecute: false);

    public static readonly IReadOnlyList<ProviderDescriptor> All = [AwsRds, AwsEcs, AwsRoute53, AwsSecretsManager, AwsSns];
}
