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
