using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Aws.Cli;

namespace Lifeline.Providers.Aws.ApiGateway;

/// <summary>
/// API Gateway HTTP APIs through the AWS CLI (apigatewayv2): get-integration, update-integration --integration-uri, then
/// get-integration again, so the step succeeds only when the route's integration reads back the new target. The
/// resource is one integration of one API (the route the runbook moves to the next region's function); the function's
/// permission for API Gateway to invoke it is provisioned with the function, not by the recovery.
/// </summary>
internal sealed class AwsApiGatewayProvider(AwsCli cli) : IProvider, ICommandPreview, IPreparesAhead
{
    public Task PrepareAsync(CancellationToken cancellationToken) => cli.PrepareAsync(cancellationToken);

    public const string Name = "aws-apigateway";
    private const string ApiSetting = "api-id";
    private const string IntegrationSetting = "integration-id";

    public ProviderDescriptor Descriptor { get; } = new(
        Name,
        "API Gateway HTTP APIs through the AWS CLI: update-integration --integration-uri, read back with get-integration.",
        Operations.Api.Capability.Operations,
        [],
        [SettingDescriptor.Required(ApiSetting, "The HTTP API's id."),
         SettingDescriptor.Required(IntegrationSetting, "The id of the integration the route uses."),
         .. AwsConnection.Settings]);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != Operations.Api.Integrate.Name)
        {
            return AwsOutcomes.UnknownOperation(Name, request.Operation);
        }

        if (AwsValues.Setting(request.Settings, ApiSetting) is not { } api || AwsValues.Setting(request.Settings, IntegrationSetting) is not { } integration)
        {
            return OperationOutcome.Failure($"{Name} needs settings '{ApiSetting}' and '{IntegrationSetting}'");
        }

        if (AwsValues.Setting(request.Inputs, "uri") is not { } uri)
        {
            return OperationOutcome.Failure($"{Name}: {request.Operation} needs input 'uri'");
        }

        var connection = AwsConnection.From(request.Settings);
        var before = await cli.RunAsync(Get(api, integration), connection, request.Context.Log, cancellationToken);
        if (!before.Succeeded)
        {
            return AwsOutcomes.Failed(before);
        }

        var previous = before.Output.Text("IntegrationUri") ?? "";
        if (previous == uri)
        {
            return Integrated(uri, previous, changed: false);
        }

        var updated = await cli.RunAsync(Update(api, integration, uri), connection, request.Context.Log, cancellationToken);
        if (!updated.Succeeded)
        {
            return AwsOutcomes.Failed(updated);
        }

        var after = await cli.RunAsync(Get(api, integration), connection, request.Context.Log, cancellationToken);
        if (!after.Succeeded)
        {
            return AwsOutcomes.Failed(after);
        }

        var now = after.Output.Text("IntegrationUri") ?? "";
        return now == uri
            ? Integrated(uri, previous, changed: true)
            : OperationOutcome.Failure($"{Name}: integration {integration} of API {api} reads back '{now}' after update-integration; expected {uri}");
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeOutcome.Invalid($"{Name} offers no probes"));

    public IReadOnlyList<string> PreviewCommands(OperationRequest request)
    {
        var api = AwsValues.Setting(request.Settings, ApiSetting) ?? "<api-id>";
        var integration = AwsValues.Setting(request.Settings, IntegrationSetting) ?? "<integration-id>";
        var connection = AwsConnection.From(request.Settings);
        var uri = request.Inputs.GetValueOrDefault("uri", "<uri>");
        return [Get(api, integration).Preview(connection), Update(api, integration, uri).Preview(connection), Get(api, integration).Preview(connection)];
    }

    private static OperationOutcome Integrated(string uri, string previous, bool changed) => OperationOutcome.Success(new Dictionary<string, string>
    {
        ["uri"] = uri,
        ["previous_uri"] = previous,
        ["changed"] = changed ? "true" : "false",
    });

    private static AwsCommand Get(string api, string integration) => AwsCommand.Call(
        "apigatewayv2", "get-integration", AwsArgument.Option("--api-id", api), AwsArgument.Option("--integration-id", integration));

    private static AwsCommand Update(string api, string integration, string uri) => AwsCommand.Call(
        "apigatewayv2", "update-integration", AwsArgument.Option("--api-id", api), AwsArgument.Option("--integration-id", integration), AwsArgument.Option("--integration-uri", uri));
}
