using System.Text.Json;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Aws.Cli;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.Aws.Ecs;

internal sealed partial class AwsEcsProvider
{
    /// <summary>
    /// A new deployment: of a task definition registered from the step's JSON, of a named one, or of the same one again
    /// (--force-new-deployment: new tasks pick up a changed secret or endpoint). Then the CLI's services-stable waiter.
    /// </summary>
    private async Task<OperationOutcome> RedeployAsync(string cluster, string service, OperationRequest request, CancellationToken cancellationToken)
    {
        var inputs = new InputReader(Name, "input", request.Inputs);
        var taskDefinition = inputs.Optional("task-definition");
        var register = inputs.Optional("register");
        var wait = request.Inputs.ContainsKey("wait") ? inputs.Duration("wait", TimeSpan.Zero) : (TimeSpan?)null;
        if (inputs.Error is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        if (taskDefinition is not null && register is not null)
        {
            return OperationOutcome.Failure($"{Name}: name either input 'task-definition' or 'register', not both");
        }

        var log = request.Context.Log;
        var connection = AwsConnection.From(request.Settings);
        if (register is not null)
        {
            var (json, invalid) = await ReadTaskDefinitionAsync(register, cancellationToken);
            if (json is null)
            {
                return OperationOutcome.Failure(invalid!);
            }

            var registered = await cli.RunAsync(Register(json), connection, log, cancellationToken);
            if (!registered.Succeeded)
            {
                return AwsOutcomes.Failed(registered);
            }

            taskDefinition = registered.Output.Text("taskDefinition", "taskDefinitionArn");
            log.Write($"registered {taskDefinition}");
        }

        return await DeployAsync(cluster, service, taskDefinition, null, wait, connection, log, cancellationToken);
    }

    /// <summary>
    /// The revision before the one the service runs (list-task-definitions, newest first), or the one named. Not
    /// idempotent without <c>to</c>: run twice, it goes back two revisions, so resume asks a person.
    /// </summary>
    private async Task<OperationOutcome> RollbackAsync(string cluster, string service, OperationRequest request, CancellationToken cancellationToken)
    {
        var inputs = new InputReader(Name, "input", request.Inputs);
        var to = inputs.Optional("to");
        var wait = request.Inputs.ContainsKey("wait") ? inputs.Duration("wait", TimeSpan.Zero) : (TimeSpan?)null;
        if (inputs.Error is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        var log = request.Context.Log;
        var connection = AwsConnection.From(request.Settings);
        var describe = await cli.RunAsync(Describe(cluster, service), connection, log, cancellationToken);
        if (!describe.Succeeded)
        {
            return AwsOutcomes.Failed(describe);
        }

        var current = describe.Output.Items("services").FirstOrDefault().Text("taskDefinition");
        if (current is null || TaskDefinitionName.Parse(current) is not { } running)
        {
            return OperationOutcome.Failure($"{Name}: service {service} in cluster {cluster} not found, or it names no task definition");
        }

        if (to is null)
        {
            var listed = await cli.RunAsync(ListRevisions(running.Family), connection, log, cancellationToken);
            if (!listed.Succeeded)
            {
                return AwsOutcomes.Failed(listed);
            }

            to = listed.Output.Items("taskDefinitionArns")
                .Select(a => (Arn: a.GetString() ?? "", Name: TaskDefinitionName.Parse(a.GetString() ?? "")))
                .Where(a => a.Name is { } n && n.Family == running.Family && n.Revision < running.Revision)
                .MaxBy(a => a.Name!.Revision).Arn;
            if (string.IsNullOrEmpty(to))
            {
                return OperationOutcome.Failure($"{Name}: {running} is the oldest active revision of {running.Family}: nothing to roll back to");
            }

            log.Write($"rolling back {service} from {running} to {TaskDefinitionName.Parse(to)}");
        }

        return await DeployAsync(cluster, service, to, current, wait, connection, log, cancellationToken);
    }

    private async Task<OperationOutcome> DeployAsync(string cluster, string service, string? taskDefinition, string? from, TimeSpan? wait, AwsConnection connection, IStepLog log, CancellationToken cancellationToken)
    {
        var update = await cli.RunAsync(Deploy(cluster, service, taskDefinition), connection, log, cancellationToken);
        if (!update.Succeeded)
        {
            return AwsOutcomes.Failed(update);
        }

        var stable = await cli.WaitAsync(WaitStable(cluster, service), connection, log, wait, time, cancellationToken);
        if (!stable.Succeeded)
        {
            return AwsOutcomes.Failed(stable);
        }

        var describe = await cli.RunAsync(Describe(cluster, service), connection, log, cancellationToken);
        if (!describe.Succeeded)
        {
            return AwsOutcomes.Failed(describe);
        }

        var now = describe.Output.Items("services").FirstOrDefault();
        if (now.ValueKind != JsonValueKind.Object)
        {
            return OperationOutcome.Failure($"{Name}: service {service} not found in cluster {cluster}");
        }

        var outputs = new Dictionary<string, string>
        {
            ["task_definition"] = now.Text("taskDefinition") ?? "",
            ["desired"] = now.Text("desiredCount") ?? "0",
            ["running"] = now.Text("runningCount") ?? "0",
        };
        if (from is not null)
        {
            outputs["from"] = from;
        }

        return OperationOutcome.Success(outputs);
    }

    private async Task<ProbeOutcome> ClusterAsync(string cluster, ProbeRequest request, CancellationToken cancellationToken)
    {
        var describe = await cli.RunAsync(DescribeCluster(cluster), AwsConnection.From(request.Settings), request.Context.Log, cancellationToken);
        if (!describe.Succeeded)
        {
            return describe.IsUnreachable
                ? ProbeOutcome.Observed(new Dictionary<string, string> { ["status"] = "", ["reachable"] = "false", ["running_tasks"] = "0", ["pending_tasks"] = "0", ["active_services"] = "0", ["error"] = describe.Error! })
                : ProbeOutcome.Invalid(describe.Error!);
        }

        var found = describe.Output.Items("clusters").FirstOrDefault();
        if (found.ValueKind != JsonValueKind.Object)
        {
            var reason = describe.Output.Items("failures").FirstOrDefault().Text("reason") ?? "not found";
            return ProbeOutcome.Invalid($"{Name}: cluster {cluster}: {reason}");
        }

        return ProbeOutcome.Observed(new Dictionary<string, string>
        {
            ["status"] = found.Text("status") ?? "",
            ["reachable"] = "true",
            ["running_tasks"] = found.Text("runningTasksCount") ?? "0",
            ["pending_tasks"] = found.Text("pendingTasksCount") ?? "0",
            ["active_services"] = found.Text("activeServicesCount") ?? "0",
        });
    }

    private async Task<(string? Json, string? Error)> ReadTaskDefinitionAsync(string text, CancellationToken cancellationToken)
    {
        if (text.StartsWith('@'))
        {
            var path = text[1..];
            if (!File.Exists(path))
            {
                return (null, $"{Name}: task definition file {path} does not exist");
            }

            text = await File.ReadAllTextAsync(path, cancellationToken);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Text("family") is { Length: > 0 }
                ? (text, null)
                : (null, $"{Name}: input 'register' has no family; expected a task definition JSON as register-task-definition --cli-input-json takes it");
        }
        catch (JsonException ex)
        {
            return (null, $"{Name}: input 'register' is not JSON ({ex.Message}); expected a task definition JSON or @path");
        }
    }

    private IEnumerable<AwsCommand> DeploymentPreview(string cluster, string service, OperationRequest request)
    {
        var taskDefinition = request.Inputs.GetValueOrDefault("task-definition");
        if (request.Operation == Operations.Service.Rollback.Name)
        {
            var to = request.Inputs.GetValueOrDefault("to");
            return to is null
                ? [Describe(cluster, service), ListRevisions("<family of the running task definition>"), Deploy(cluster, service, "<previous revision>"), WaitStable(cluster, service), Describe(cluster, service)]
                : [Describe(cluster, service), Deploy(cluster, service, to), WaitStable(cluster, service), Describe(cluster, service)];
        }

        return request.Inputs.GetValueOrDefault("register") is { } register
            ? [Register(register), Deploy(cluster, service, "<registered revision>"), WaitStable(cluster, service), Describe(cluster, service)]
            : [Deploy(cluster, service, taskDefinition), WaitStable(cluster, service), Describe(cluster, service)];
    }

    // A task definition's environment may carry credentials (it should not, but runbooks' do): masked like a secret in
    // the step log, and it reaches the CLI only through a 0600 file.
    private static AwsCommand Register(string json) =>
        AwsCommand.Call("ecs", "register-task-definition", AwsArgument.Secret("--cli-input-json", json));

    private static AwsCommand ListRevisions(string family) => AwsCommand.Call(
        "ecs", "list-task-definitions",
        AwsArgument.Option("--family-prefix", family),
        AwsArgument.Option("--status", "ACTIVE"),
        AwsArgument.Option("--sort", "DESC"));

    /// <summary>With a task definition, deploy it (as the runbook's rollback does); without, the same one again.</summary>
    private static AwsCommand Deploy(string cluster, string service, string? taskDefinition) => taskDefinition is null
        ? AwsCommand.Call("ecs", "update-service", AwsArgument.Option("--cluster", cluster), AwsArgument.Option("--service", service), AwsArgument.Flag("--force-new-deployment"))
        : AwsCommand.Call("ecs", "update-service", AwsArgument.Option("--cluster", cluster), AwsArgument.Option("--service", service), AwsArgument.Option("--task-definition", taskDefinition));

    private static AwsCommand DescribeCluster(string cluster) =>
        AwsCommand.Call("ecs", "describe-clusters", AwsArgument.Option("--clusters", cluster));
}
