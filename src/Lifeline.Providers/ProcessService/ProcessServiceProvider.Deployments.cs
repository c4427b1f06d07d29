using System.Text.Json;
using Lifeline.Core.Providers;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.ProcessService;

internal sealed partial class ProcessServiceProvider
{
    private static readonly TimeSpan DefaultDeployWait = TimeSpan.FromSeconds(60);

    /// <summary>
    /// service.redeploy: the named revision (a number, or <c>service:N</c>), one registered from the step's JSON
    /// (<c>{"environment": {...}, "description": "..."}</c>), or the deployed one again.
    /// </summary>
    private async Task<OperationOutcome> RedeployAsync(OperationRequest request, string directory, string service, CancellationToken cancellationToken)
    {
        var inputs = new InputReader("process-service", "input", request.Inputs);
        var named = inputs.Optional("task-definition");
        var register = inputs.Optional("register");
        var wait = inputs.Duration("wait", DefaultDeployWait);
        if (inputs.Error is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        if (named is not null && register is not null)
        {
            return OperationOutcome.Failure("process-service: name either input 'task-definition' or 'register', not both");
        }

        int? revision = null;
        if (named is not null)
        {
            revision = ProcessServiceController.ParseRevision(named);
            if (revision is null)
            {
                return OperationOutcome.Failure($"process-service: input 'task-definition' must be a revision number or SERVICE:N, not '{named}'");
            }
        }

        if (register is not null)
        {
            var (environment, description, invalid) = await ReadRegistrationAsync(register, cancellationToken);
            if (invalid is not null)
            {
                return OperationOutcome.Failure(invalid);
            }

            var registered = await _controller.RegisterAsync(directory, service, environment!, description, cancellationToken);
            request.Context.Log.Write($"registered {Name(service, registered.Number)}");
            revision = registered.Number;
        }

        var deployment = await _controller.DeployAsync(directory, service, revision, wait, cancellationToken);
        return Deployed(request, service, deployment, withFrom: false);
    }

    /// <summary>service.rollback: the highest revision below the deployed one, or the one named in <c>to</c>.</summary>
    private async Task<OperationOutcome> RollbackAsync(OperationRequest request, string directory, string service, CancellationToken cancellationToken)
    {
        var inputs = new InputReader("process-service", "input", request.Inputs);
        var named = inputs.Optional("to");
        var wait = inputs.Duration("wait", DefaultDeployWait);
        if (inputs.Error is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        int? to = null;
        if (named is not null && (to = ProcessServiceController.ParseRevision(named)) is null)
        {
            return OperationOutcome.Failure($"process-service: input 'to' must be a revision number or SERVICE:N, not '{named}'");
        }

        var deployment = await _controller.RollbackAsync(directory, service, to, wait, cancellationToken);
        return Deployed(request, service, deployment, withFrom: true);
    }

    private static async Task<(IReadOnlyDictionary<string, string>? Environment, string? Description, string? Error)> ReadRegistrationAsync(string text, CancellationToken cancellationToken)
    {
        try
        {
            var json = text.StartsWith('@') ? await File.ReadAllTextAsync(text[1..], cancellationToken) : text;
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("environment", out var variables) && variables.ValueKind == JsonValueKind.Object)
            {
                foreach (var variable in variables.EnumerateObject())
                {
                    environment[variable.Name] = variable.Value.ValueKind == JsonValueKind.String ? variable.Value.GetString()! : variable.Value.GetRawText();
                }
            }
            else
            {
                return (null, null, "process-service: input 'register' must be a JSON object with an \"environment\" object; expected {\"environment\": {\"KEY\": \"VALUE\"}}");
            }

            var description = root.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            return (environment, description, null);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return (null, null, $"process-service: input 'register' is not a readable JSON object: {ex.Message}");
        }
    }
}
