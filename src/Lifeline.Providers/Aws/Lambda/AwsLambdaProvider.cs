using System.Text.Json;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Aws.Cli;

namespace Lifeline.Providers.Aws.Lambda;

/// <summary>
/// AWS Lambda through the AWS CLI. Configure reads the function (get-function), merges one variable into its environment and
/// writes the whole environment back with update-function-configuration, guarded by the revision it read (a change in
/// between fails instead of being overwritten), then waits with the CLI's function-updated waiter. The environment goes as
/// a 0600 file and shows masked: the other variables may hold secrets. Rollback is the same merge with what configure
/// found.
/// </summary>
internal sealed class AwsLambdaProvider(AwsCli cli) : IProvider, ICommandPreview, IPreparesAhead
{
    public Task PrepareAsync(CancellationToken cancellationToken) => cli.PrepareAsync(cancellationToken);

    public const string Name = "aws-lambda";
    private const string FunctionSetting = "function";

    public ProviderDescriptor Descriptor { get; } = new(
        Name,
        "AWS Lambda through the AWS CLI: get-function, update-function-configuration merging one variable, wait function-updated.",
        Operations.Function.Capability.Operations,
        Operations.Function.Capability.Probes,
        [SettingDescriptor.Required(FunctionSetting, "Function name or ARN."), .. AwsConnection.Settings]);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (AwsValues.Setting(request.Settings, FunctionSetting) is not { } function)
        {
            return OperationOutcome.Failure($"{Name} needs setting '{FunctionSetting}'");
        }

        if (AwsValues.Setting(request.Inputs, "variable") is not { } variable)
        {
            return OperationOutcome.Failure($"{Name}: {request.Operation} needs input 'variable'");
        }

        string? target;
        if (request.Operation == Operations.Function.Configure.Name)
        {
            if (!request.Inputs.TryGetValue("value", out target))
            {
                return OperationOutcome.Failure($"{Name}: {request.Operation} needs input 'value'");
            }
        }
        else if (request.Operation == Operations.Function.Rollback.Name)
        {
            target = AwsValues.Flag(request.Inputs, "previous-present") ? request.Inputs.GetValueOrDefault("previous-value", "") : null;
        }
        else
        {
            return AwsOutcomes.UnknownOperation(Name, request.Operation);
        }

        var connection = AwsConnection.From(request.Settings);
        var log = request.Context.Log;
        var read = await cli.RunAsync(Get(function), connection, log, cancellationToken);
        if (!read.Succeeded)
        {
            return AwsOutcomes.Failed(read);
        }

        var variables = Variables(read.Output.Element("Configuration") ?? default);
        var present = variables.TryGetValue(variable, out var previous);
        var revision = read.Output.Text("Configuration", "RevisionId") ?? "";
        var changed = target is null ? present : !present || previous != target;
        if (changed)
        {
            if (target is null)
            {
                variables.Remove(variable);
            }
            else
            {
                variables[variable] = target;
            }

            var updated = await cli.RunAsync(Update(function, AwsValues.Json(new { Variables = variables }), revision), connection, log, cancellationToken);
            if (!updated.Succeeded)
            {
                return AwsOutcomes.Failed(updated);
            }

            var waited = await cli.RunAsync(WaitUpdated(function), connection, log, cancellationToken);
            if (!waited.Succeeded)
            {
                return AwsOutcomes.Failed(waited);
            }

            revision = updated.Output.Text("RevisionId") ?? revision;
        }
        else
        {
            log.Write($"{variable} already {(target is null ? "unset" : "has that value")}; {function} left as it is");
        }

        return OperationOutcome.Success(request.Operation == Operations.Function.Configure.Name
            ? new Dictionary<string, string>
            {
                ["variable"] = variable,
                ["previous_value"] = previous ?? "",
                ["previous_present"] = present ? "true" : "false",
                ["changed"] = changed ? "true" : "false",
                ["revision"] = revision,
            }
            : new Dictionary<string, string> { ["value"] = target ?? "", ["changed"] = changed ? "true" : "false", ["revision"] = revision });
    }

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        if (request.Probe != Operations.Function.Status.Name)
        {
            return ProbeOutcome.Invalid($"{Name} does not offer probe '{request.Probe}'");
        }

        if (AwsValues.Setting(request.Settings, FunctionSetting) is not { } function)
        {
            return ProbeOutcome.Invalid($"{Name} needs setting '{FunctionSetting}'");
        }

        var read = await cli.RunAsync(Get(function), AwsConnection.From(request.Settings), request.Context.Log, cancellationToken);
        if (!read.Succeeded)
        {
            return read.ErrorCode == "ResourceNotFoundException"
                ? ProbeOutcome.Observed(new Dictionary<string, string> { ["exists"] = "false", ["state"] = "", ["last_update_status"] = "", ["variables"] = "", ["value"] = "" })
                : ProbeOutcome.Invalid(read.Error!);
        }

        var configuration = read.Output.Element("Configuration") ?? default;
        var variables = Variables(configuration);
        var asked = AwsValues.Setting(request.Inputs, "variable");
        return ProbeOutcome.Observed(new Dictionary<string, string>
        {
            ["exists"] = "true",
            ["state"] = configuration.Text("State") ?? "",
            ["last_update_status"] = configuration.Text("LastUpdateStatus") ?? "",
            ["variables"] = string.Join(',', variables.Keys.Order(StringComparer.Ordinal)),
            ["value"] = asked is not null ? variables.GetValueOrDefault(asked, "") : "",
        });
    }

    public IReadOnlyList<string> PreviewCommands(OperationRequest request)
    {
        var function = AwsValues.Setting(request.Settings, FunctionSetting) ?? "<function>";
        var connection = AwsConnection.From(request.Settings);
        if (request.Operation == Operations.Function.Status.Name)
        {
            return [Get(function).Preview(connection)];
        }

        var variable = request.Inputs.GetValueOrDefault("variable", "<variable>");
        var change = request.Operation == Operations.Function.Configure.Name
            ? $"{variable}={request.Inputs.GetValueOrDefault("value", "")}"
            : $"{variable} as before";
        // What the file will hold is only known after get-function; the preview says what changes in it.
        var update = new AwsCommand("lambda", ["update-function-configuration"],
            [AwsArgument.Option("--function-name", function), AwsArgument.Option("--environment", $"file://<the current variables with {change}>"), AwsArgument.Option("--revision-id", "<the revision read>")]);
        return [Get(function).Preview(connection), update.Preview(connection), WaitUpdated(function).Preview(connection)];
    }

    private static Dictionary<string, string> Variables(JsonElement configuration)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (configuration.ValueKind == JsonValueKind.Object && configuration.Element("Environment", "Variables") is { ValueKind: JsonValueKind.Object } map)
        {
            foreach (var property in map.EnumerateObject())
            {
                variables[property.Name] = property.Value.GetString() ?? "";
            }
        }

        return variables;
    }

    private static AwsCommand Get(string function) => AwsCommand.Call("lambda", "get-function", AwsArgument.Option("--function-name", function));

    private static AwsCommand Update(string function, string environment, string revision)
    {
        List<AwsArgument> arguments = [AwsArgument.Option("--function-name", function), AwsArgument.Secret("--environment", environment)];
        if (revision.Length > 0)
        {
            arguments.Add(AwsArgument.Option("--revision-id", revision));
        }

        return AwsCommand.Call("lambda", "update-function-configuration", [.. arguments]);
    }

    private static AwsCommand WaitUpdated(string function) => AwsCommand.Wait("lambda", "function-updated", AwsArgument.Option("--function-name", function));
}
