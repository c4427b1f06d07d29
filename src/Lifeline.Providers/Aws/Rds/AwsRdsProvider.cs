using Lifeline.Core.Providers;
using Lifeline.Providers.Aws.Cli;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Postgres;

namespace Lifeline.Providers.Aws.Rds;

/// <summary>
/// Amazon RDS for PostgreSQL through the AWS CLI: status from describe-db-instances (and CloudWatch ReplicaLag), promotion
/// with promote-read-replica and the CLI's db-instance-available waiter, Multi-AZ failover, point-in-time and snapshot
/// restores, snapshots and events, and fencing a reachable old primary by closing its security group to the application
/// and rebooting or stopping it. The baseline operations are SQL: they run through the postgres provider against the
/// instance's endpoint.
/// </summary>
internal sealed partial class AwsRdsProvider(AwsCli cli, TimeProvider time) : IProvider, ICommandPreview, IPreparesAhead
{
    public Task PrepareAsync(CancellationToken cancellationToken) => cli.PrepareAsync(cancellationToken);

    public const string Name = "aws-rds";
    private const string InstanceSetting = "instance";

    private const string AppSecurityGroupSetting = "app-security-group";
    private const string SecurityGroupSetting = "security-group";
    private const string Ec2EndpointSetting = "ec2-endpoint-url";

    private readonly PostgresProvider _sql = new(time);
    private readonly Ec2.IngressRevoker _revoker = new(cli);

    public ProviderDescriptor Descriptor { get; } = new(
        Name,
        "Amazon RDS for PostgreSQL through the AWS CLI: describe-db-instances, promote-read-replica, create-db-instance-read-replica, reboot-db-instance --force-failover, restore-db-instance-to-point-in-time, restore-db-instance-from-db-snapshot, create-db-snapshot, describe-db-(cluster-)snapshots, describe-events, wait db-instance-available; fencing with revoke-security-group-ingress and reboot or stop-db-instance; baselines over SQL.",
        Operations.Database.Capability.Operations,
        Operations.Database.Capability.Probes,
        [
            Core.Providers.SettingDescriptor.Required(InstanceSetting, "RDS DB instance identifier."),
            Core.Providers.SettingDescriptor.Optional("database", "Database, for baselines over SQL."),
            Core.Providers.SettingDescriptor.Optional("user", "Role, for baselines over SQL."),
            Core.Providers.SettingDescriptor.Optional("password", "Its password (usually ${{ secrets.X }}), for baselines over SQL."),
            Core.Providers.SettingDescriptor.Optional(AppSecurityGroupSetting, "The application's security group: database.fence revokes its ingress to the instance (method block, the default when set)."),
            Core.Providers.SettingDescriptor.Optional(SecurityGroupSetting, "The instance's VPC security group the fence closes (default: every group describe-db-instances lists)."),
            Core.Providers.SettingDescriptor.RequiredBy(UpstreamSetting, "The instance this one replicates from once database.reprotect recreates it as a read replica: the promoted DR instance's ARN (cross-region) or identifier (same region).", Operations.Database.Reprotect.Name),
            Core.Providers.SettingDescriptor.Optional(Ec2EndpointSetting, "Endpoint URL for the fence's EC2 calls (default: endpoint-url)."),
            .. AwsConnection.Settings,
        ]);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (!request.Settings.TryGetValue(InstanceSetting, out var instance) || string.IsNullOrWhiteSpace(instance))
        {
            return OperationOutcome.Failure($"{Name} needs setting '{InstanceSetting}' (the DB instance identifier)");
        }

        var connection = AwsConnection.From(request.Settings);
        return request.Operation switch
        {
            var o when o == Operations.Database.Promote.Name => await PromoteAsync(instance, connection, request, cancellationToken),
            var o when o == Operations.Database.Fence.Name => await FenceAsync(instance, connection, request, cancellationToken),
            var o when o == Operations.Database.Reprotect.Name => await ReprotectAsync(instance, connection, request, cancellationToken),
            var o when o == Operations.Database.BaselineCapture.Name || o == Operations.Database.BaselineVerify.Name =>
                await BaselineAsync(instance, connection, request, cancellationToken),
            var o when o == Operations.Database.RebootFailover.Name => await RebootFailoverAsync(instance, connection, request, cancellationToken),
            var o when o == Operations.Database.RestoreToTime.Name => await RestoreToTimeAsync(instance, connection, request, cancellationToken),
            var o when o == Operations.Database.RestoreSnapshot.Name => await RestoreSnapshotAsync(instance, connection, request, cancellationToken),
            var o when o == Operations.Database.Snapshot.Name => await SnapshotAsync(instance, connection, request, cancellationToken),
            _ => AwsOutcomes.UnknownOperation(Name, request.Operation),
        };
    }

    public IReadOnlyList<string> PreviewCommands(OperationRequest request)
    {
        var instance = request.Settings.GetValueOrDefault(InstanceSetting, "<instance>");
        var connection = AwsConnection.From(request.Settings);
        IEnumerable<AwsCommand> commands = request.Operation switch
        {
            var o when o == Operations.Database.Promote.Name => [Describe(instance), PromoteCommand(instance), WaitAvailable(instance), Describe(instance)],
            var o when o == Operations.Database.Fence.Name => FencePreview(instance, request),
            var o when o == Operations.Database.Reprotect.Name => ReprotectPreview(instance, request),
            var o when o == Operations.Database.RebootFailover.Name => [Describe(instance), RebootCommand(instance, failover: true), WaitAvailable(instance), Describe(instance)],
            var o when o == Operations.Database.RestoreToTime.Name || o == Operations.Database.RestoreSnapshot.Name || o == Operations.Database.Snapshot.Name =>
                RecoveryPreview(instance, request),
            var o when o == Operations.Database.Snapshots.Name => [request.Inputs.GetValueOrDefault("cluster") is { Length: > 0 } cluster ? ListClusterSnapshots(cluster) : ListSnapshots(instance)],
            var o when o == Operations.Database.Events.Name => [EventsCommand(instance, new Inputs.InputReader(Name, "input", request.Inputs).Duration("duration", TimeSpan.FromMinutes(60)))],
            _ => [Describe(instance)],
        };
        return [.. commands.Select(c => c.Preview(c.Service == "ec2" ? Ec2Connection(request.Settings) : connection))];
    }

    private static AwsConnection Ec2Connection(IReadOnlyDictionary<string, string> settings) =>
        settings.TryGetValue(Ec2EndpointSetting, out var endpoint) && !string.IsNullOrWhiteSpace(endpoint)
            ? AwsConnection.From(settings) with { EndpointUrl = endpoint.Trim() }
            : AwsConnection.From(settings);

    private static AwsCommand RebootCommand(string instance, bool failover) => failover
        ? AwsCommand.Call("rds", "reboot-db-instance", AwsArgument.Option("--db-instance-identifier", instance), AwsArgument.Flag("--force-failover"))
        : AwsCommand.Call("rds", "reboot-db-instance", AwsArgument.Option("--db-instance-identifier", instance));

    private static AwsCommand Describe(string instance) =>
        AwsCommand.Call("rds", "describe-db-instances", AwsArgument.Option("--db-instance-identifier", instance));

    private static AwsCommand PromoteCommand(string instance) =>
        AwsCommand.Call("rds", "promote-read-replica", AwsArgument.Option("--db-instance-identifier", instance));

    private static AwsCommand WaitAvailable(string instance) =>
        AwsCommand.Wait("rds", "db-instance-available", AwsArgument.Option("--db-instance-identifier", instance));

    private static AwsCommand StopCommand(string instance) =>
        AwsCommand.Call("rds", "stop-db-instance", AwsArgument.Option("--db-instance-identifier", instance));

    private async Task<(RdsInstance? Instance, AwsResult Result)> DescribeAsync(string instance, AwsConnection connection, IStepLog log, CancellationToken cancellationToken)
    {
        var result = await cli.RunAsync(Describe(instance), connection, log, cancellationToken);
        return (result.Succeeded ? RdsInstance.From(result.Output) : null, result);
    }
}
