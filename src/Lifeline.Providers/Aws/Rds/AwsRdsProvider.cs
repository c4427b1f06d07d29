using Lifeline.Core.Providers;
using Lifeline.Providers.Aws.Cli;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Postgres;

namespace Lifeline.Providers.Aws.Rds;

/// <summary>
/// Amazon RDS for PostgreSQL through the AWS CLI: status from describe-db-instances (and CloudWatch ReplicaLag), promotion
/// with promote-read-replica and the CLI's db-instance-available waiter, fencing by stopping a reachable old primary.
/// The baseline operations are SQL: they run through the postgres provider against the instance's endpoint.
/// </summary>
internal sealed partial class AwsRdsProvider(AwsCli cli, TimeProvider time) : IProvider, ICommandPreview
{
    public const string Name = "aws-rds";
    private const string InstanceSetting = "instance";

    private readonly PostgresProvider _sql = new(time);

    public ProviderDescriptor Descriptor { get; } = new(
        Name,
        "Amazon RDS for PostgreSQL through the AWS CLI: describe-db-instances, promote-read-replica, wait db-instance-available, stop-db-instance; baselines over SQL.",
        Operations.Database.Capability.Operations,
        Operations.Database.Capability.Probes,
        [Core.Providers.SettingDescriptor.Required(InstanceSetting, "RDS DB instance identifier."), Core.Providers.SettingDescriptor.Optional("database", "Database, for baselines over SQL."), Core.Providers.SettingDescriptor.Optional("user", "Role, for baselines over SQL."), Core.Providers.SettingDescriptor.Optional("password", "Its password (usually ${{ secrets.X }}), for baselines over SQL."), .. AwsConnection.Settings]);

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
            var o when o == Operations.Database.BaselineCapture.Name || o == Operations.Database.BaselineVerify.Name =>
                await BaselineAsync(instance, connection, request, cancellationToken),
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
            var o when o == Operations.Database.Fence.Name => [Describe(instance), StopCommand(instance)],
            _ => [Describe(instance)],
        };
        return [.. commands.Select(c => c.Preview(connection))];
    }

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
