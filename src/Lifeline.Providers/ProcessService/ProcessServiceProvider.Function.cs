using System.Globalization;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.ProcessService;

internal sealed partial class ProcessServiceProvider
{
    private static readonly TimeSpan ConfigureWait = TimeSpan.FromSeconds(60);

    /// <summary>function.configure and function.rollback: one variable of the service's environment, kept in its definition.</summary>
    private async Task<OperationOutcome> ConfigureAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        var settings = new InputReader("process-service", "setting", request.Settings);
        var service = settings.Required("service");
        var directory = settings.Required("dir");
        var inputs = new InputReader("process-service", "input", request.Inputs);
        var variable = inputs.Required("variable");
        var rollback = request.Operation == Operations.Function.Rollback.Name;
        string? value = rollback
            ? inputs.Boolean("previous-present", false) ? inputs.Text("previous-value", "") : null
            : inputs.Required("value");
        if ((settings.Error ?? inputs.Error) is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        var outcome = await _controller.SetVariableAsync(directory, service, variable, value, ConfigureWait, cancellationToken);
        if (outcome.Error is { } failure)
        {
            return OperationOutcome.Failure(failure, outcome.Transient);
        }

        var change = outcome.Change!;
        request.Context.Log.Write(change.Changed
            ? $"service {service}: {variable} {(value is null ? "removed" : $"set to {value}")}, revision {change.Revision}, {change.Restarted} instances restarted"
            : $"service {service}: {variable} already {(value is null ? "unset" : value)}");
        var revision = change.Revision.ToString(CultureInfo.InvariantCulture);
        var changed = change.Changed ? "true" : "false";
        return rollback
            ? OperationOutcome.Success(new Dictionary<string, string> { ["value"] = value ?? "", ["changed"] = changed, ["revision"] = revision })
            : OperationOutcome.Success(new Dictionary<string, string>
            {
                ["variable"] = variable,
                ["previous_value"] = change.Previous ?? "",
                ["previous_present"] = change.Previous is null ? "false" : "true",
                ["changed"] = changed,
                ["revision"] = revision,
            });
    }

    /// <summary>service.redeploy: the same definition again (a task definition to register or deploy is ECS's alone).</summary>
    private async Task<OperationOutcome> RedeployAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        var settings = new InputReader("process-service", "setting", request.Settings);
        var service = settings.Required("service");
        var directory = settings.Required("dir");
        var inputs = new InputReader("process-service", "input", request.Inputs);
        var wait = inputs.Duration("wait", ConfigureWait);
        if ((settings.Error ?? inputs.Error) is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        if (((string[])["task-definition", "register"]).FirstOrDefault(request.Inputs.ContainsKey) is { } given)
        {
            return OperationOutcome.Failure($"process-service: input '{given}' names an ECS task definition; a process service redeploys its own definition only");
        }

        var (report, revision, failure, transient) = await _controller.RedeployAsync(directory, service, wait, cancellationToken);
        if (report is null)
        {
            return OperationOutcome.Failure(failure!, transient);
        }

        request.Context.Log.Write($"service {service}: redeployed revision {revision}, {report.HealthyAddresses.Count} instances healthy");
        var fields = report.ToFields();
        return OperationOutcome.Success(new Dictionary<string, string>
        {
            ["task_definition"] = $"{service}:{revision.ToString(CultureInfo.InvariantCulture)}",
            ["desired"] = fields["desired"],
            ["running"] = fields["running"],
        });
    }

    private async Task<ProbeOutcome> FunctionStatusAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        var settings = new InputReader("process-service", "setting", request.Settings);
        var service = settings.Required("service");
        var directory = settings.Required("dir");
        if (settings.Error is { } error)
        {
            return ProbeOutcome.Invalid(error);
        }

        var definition = await ProcessServiceController.ReadDefinitionAsync(directory, service, cancellationToken);
        if (definition is null)
        {
            return ProbeOutcome.Observed(new Dictionary<string, string>
            {
                ["exists"] = "false", ["state"] = "", ["last_update_status"] = "", ["variables"] = "", ["value"] = "",
            });
        }

        var status = await _controller.StatusAsync(directory, service, cancellationToken);
        var healthy = status.Report is { HealthyAddresses.Count: > 0 } report && report.HealthyAddresses.Count >= report.Desired;
        var variable = request.Inputs.GetValueOrDefault("variable");
        return ProbeOutcome.Observed(new Dictionary<string, string>
        {
            ["exists"] = "true",
            ["state"] = healthy ? "Active" : "Inactive",
            ["last_update_status"] = healthy ? "Successful" : "Failed",
            ["variables"] = string.Join(',', definition.Environment.Keys.Order(StringComparer.Ordinal)),
            ["value"] = variable is not null && definition.Environment.TryGetValue(variable, out var value) ? value : "",
        });
    }
}
