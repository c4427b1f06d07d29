using Lifeline.Core.Providers;
using Lifeline.Providers.Aws.Cli;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.Aws.Ecs;

/// <summary>
/// Amazon ECS services through the AWS CLI: update-service sets the desired count or deploys a task definition, the CLI's
/// services-stable waiter waits for it, describe-services reports the counts, describe-clusters the cluster. A service's
/// address (its load balancer's DNS name) is not something ECS knows, so the binding says it (<c>address</c>) for the DNS
/// steps that follow.
/// </summary>
internal sealed partial class AwsEcsProvider(AwsCli cli, TimeProvider time) : IProvider, ICommandPreview, IPreparesAhead
{
    public Task PrepareAsync(CancellationToken cancellationToken) => cli.PrepareAsync(cancellationToken);

    public const string Name = "aws-ecs";
    private const string ClusterSetting = "cluster";
    private const string ServiceSetting = "service";
    private const string AddressSetting = "address";

    public ProviderDescriptor Descriptor { get; } = new(
        Name,
        "Amazon ECS services through the AWS CLI: update-service (--desired-count, --task-definition, --force-new-deployment), register-task-definition, list-task-definitions, wait services-stable, describe-services, describe-clusters.",
        Operations.Service.Capability.Operations,
        Operations.Service.Capability.Probes,
        [Core.Providers.SettingDescriptor.Required(ClusterSetting, "ECS cluster name or ARN."), Core.Providers.SettingDescriptor.Required(ServiceSetting, "ECS service name."), Core.Providers.SettingDescriptor.Optional(AddressSetting, "Address the service answers on, for its status probe."), .. AwsConnection.Settings]);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        var (cluster, service) = Target(request.Settings);
        if (cluster is null || service is null)
        {
            return OperationOutcome.Failure($"{Name} needs settings '{ClusterSetting}' and '{ServiceSetting}'");
        }

        if (request.Operation == Operations.Service.Redeploy.Name)
        {
            return await RedeployAsync(cluster, service, request, cancellationToken);
        }

        if (request.Operation == Operations.Service.Rollback.Name)
        {
            return await RollbackAsync(cluster, service, request, cancellationToken);
        }

        if (request.Operation != Operations.Service.Scale.Name)
        {
            return AwsOutcomes.UnknownOperation(Name, request.Operation);
        }

        var inputs = new InputReader(Name, "input", request.Inputs);
        var count = inputs.RequiredInteger("count", 0, 10000);
        if (inputs.Error is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        var log = request.Context.Log;
        if (request.Inputs.TryGetValue("env", out var env) && !string.IsNullOrWhiteSpace(env))
        {
            // ECS tasks take their environment from the task definition (and secrets from Secrets Manager), not from here.
            log.Write($"env is not applied on ECS: {service}'s tasks get their environment from the task definition and Secrets Manager");
        }

        var connection = AwsConnection.From(request.Settings);
        var update = await cli.RunAsync(Update(cluster, service, count), connection, log, cancellationToken);
        if (!update.Succeeded)
        {
            return AwsOutcomes.Failed(update);
        }

        var wait = await cli.RunAsync(WaitStable(cluster, service), connection, log, cancellationToken);
        if (!wait.Succeeded)
        {
            return AwsOutcomes.Failed(wait);
        }

        var describe = await cli.RunAsync(Describe(cluster, service), connection, log, cancellationToken);
        if (!describe.Succeeded)
        {
            return AwsOutcomes.Failed(describe);
        }

        var fields = Counts(describe, request.Settings);
        return fields is null
            ? OperationOutcome.Failure($"{Name}: service {service} not found in cluster {cluster}")
            : OperationOutcome.Success(new Dictionary<string, string> { ["desired"] = fields["desired"], ["healthy"] = fields["healthy"], ["addresses"] = fields["addresses"] });
    }

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        var (cluster, service) = Target(request.Settings);
        if (request.Probe == Operations.Service.Cluster.Name && cluster is not null)
        {
            return await ClusterAsync(cluster, request, cancellationToken);
        }

        if (request.Probe != Operations.Service.Status.Name)
        {
            return ProbeOutcome.Invalid($"{Name} does not offer probe '{request.Probe}'");
        }

        if (cluster is null || service is null)
        {
            return ProbeOutcome.Invalid($"{Name} needs settings '{ClusterSetting}' and '{ServiceSetting}'");
        }

        var describe = await cli.RunAsync(Describe(cluster, service), AwsConnection.From(request.Settings), request.Context.Log, cancellationToken);
        if (!describe.Succeeded)
        {
            return describe.IsUnreachable
                ? ProbeOutcome.Observed(new Dictionary<string, string> { ["desired"] = "", ["running"] = "0", ["healthy"] = "0", ["addresses"] = "", ["error"] = describe.Error! })
                : ProbeOutcome.Invalid(describe.Error!);
        }

        return Counts(describe, request.Settings) is { } fields
            ? ProbeOutcome.Observed(fields)
            : ProbeOutcome.Invalid($"{Name}: service {service} not found in cluster {cluster}");
    }

    public IReadOnlyList<string> PreviewCommands(OperationRequest request)
    {
        var cluster = request.Settings.GetValueOrDefault(ClusterSetting, "<cluster>");
        var service = request.Settings.GetValueOrDefault(ServiceSetting, "<service>");
        var count = int.TryParse(request.Inputs.GetValueOrDefault("count"), out var n) ? n : 0;
        var connection = AwsConnection.From(request.Settings);
        IEnumerable<AwsCommand> commands = request.Operation switch
        {
            var o when o == Operations.Service.Scale.Name => [Update(cluster, service, count), WaitStable(cluster, service), Describe(cluster, service)],
            var o when o == Operations.Service.Redeploy.Name || o == Operations.Service.Rollback.Name => DeploymentPreview(cluster, service, request),
            var o when o == Operations.Service.Cluster.Name => [DescribeCluster(cluster)],
            _ => [Describe(cluster, service)],
        };
        return [.. commands.Select(c => c.Preview(connection))];
    }

    private static AwsCommand Update(string cluster, string service, int count) => AwsCommand.Call(
        "ecs", "update-service",
        AwsArgument.Option("--cluster", cluster),
        AwsArgument.Option("--service", service),
        AwsArgument.Option("--desired-count", AwsOutcomes.Number(count)));

    private static AwsCommand WaitStable(string cluster, string service) =>
        AwsCommand.Wait("ecs", "services-stable", AwsArgument.Option("--cluster", cluster), AwsArgument.Option("--services", service));

    private static AwsCommand Describe(string cluster, string service) =>
        AwsCommand.Call("ecs", "describe-services", AwsArgument.Option("--cluster", cluster), AwsArgument.Option("--services", service));

    private static Dictionary<string, string>? Counts(AwsResult describe, IReadOnlyDictionary<string, string> settings)
    {
        var service = describe.Output.Items("services").FirstOrDefault();
        if (service.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            return null;
        }

        var running = service.Text("runningCount") ?? "0";
        return new Dictionary<string, string>
        {
            ["desired"] = service.Text("desiredCount") ?? "0",
            ["running"] = running,
            // The services-stable waiter counts a running task as healthy once its load balancer does.
            ["healthy"] = running,
            ["addresses"] = settings.GetValueOrDefault(AddressSetting, ""),
        };
    }

    private static (string? Cluster, string? Service) Target(IReadOnlyDictionary<string, string> settings) =>
        (settings.GetValueOrDefault(ClusterSetting), settings.GetValueOrDefault(ServiceSetting));
}
