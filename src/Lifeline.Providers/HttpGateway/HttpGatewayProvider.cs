using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Providers.HttpGateway;

/// <summary>
/// A reverse-proxy API gateway with an admin API for its integration (ADR 0035): <c>GET</c> the admin URL reads the
/// integration, <c>PUT {"uri"}</c> sets it; the step succeeds only when a second <c>GET</c> reads back the new target, as
/// aws-apigateway's does. Outputs are aws-apigateway's, so a plan's compensation (previous_uri) is the same on both.
/// </summary>
internal sealed class HttpGatewayProvider : IProvider, ICommandPreview
{
    public const string Name = "http-gateway";
    private const string AdminSetting = "admin";
    private const string KeySetting = "admin-key";

    public ProviderDescriptor Descriptor { get; } = new(
        Name,
        "A reverse-proxy API gateway's admin API over HTTP: PUT the integration's uri, read back with GET.",
        Operations.Api.Capability.Operations,
        [],
        [SettingDescriptor.Required(AdminSetting, "URL of the gateway's integration admin endpoint (GET reads {\"uri\"}, PUT {\"uri\"} sets it and answers previous_uri)."),
         SettingDescriptor.Required(KeySetting, "The admin API's key, sent as X-API-Key (usually ${{ secrets.X }}).")]);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != Operations.Api.Integrate.Name)
        {
            return OperationOutcome.Failure($"{Name} does not offer operation '{request.Operation}'");
        }

        if (Value(request.Settings, AdminSetting) is not { } adminText || Value(request.Settings, KeySetting) is not { } key)
        {
            return OperationOutcome.Failure($"{Name} needs settings '{AdminSetting}' and '{KeySetting}'");
        }

        if (!Uri.TryCreate(adminText, UriKind.Absolute, out var admin) || admin.Scheme is not ("http" or "https"))
        {
            return OperationOutcome.Failure($"{Name}: setting '{AdminSetting}' is '{adminText}'; expected an http(s) URL");
        }

        if (Value(request.Inputs, "uri") is not { } uri)
        {
            return OperationOutcome.Failure($"{Name}: {request.Operation} needs input 'uri'");
        }

        var api = new GatewayAdminClient(admin, key);
        var before = await api.ReadAsync(cancellationToken);
        if (before.Failure is { } readFailure)
        {
            return readFailure;
        }

        if (before.Uri == uri)
        {
            return Integrated(uri, before.Uri, changed: false);
        }

        request.Context.Log.Write($"{Name}: integration at {admin} {before.Uri} -> {uri}");
        var set = await api.SetAsync(uri, cancellationToken);
        if (set.Failure is { } setFailure)
        {
            return setFailure;
        }

        var after = await api.ReadAsync(cancellationToken);
        if (after.Failure is { } afterFailure)
        {
            return afterFailure;
        }

        return after.Uri == uri
            ? Integrated(uri, set.Uri ?? before.Uri!, changed: true)
            : OperationOutcome.Failure($"{Name}: the integration at {admin} reads back '{after.Uri}' after the change; expected {uri}");
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeOutcome.Invalid($"{Name} offers no probes"));

    public IReadOnlyList<string> PreviewCommands(OperationRequest request)
    {
        var admin = Value(request.Settings, AdminSetting) ?? "<admin>";
        var uri = request.Inputs.GetValueOrDefault("uri", "<uri>");
        return [$"GET {admin}", $"PUT {admin} {{\"uri\": \"{uri}\"}}", $"GET {admin}"];
    }

    private static string? Value(IReadOnlyDictionary<string, string> values, string key) =>
        values.GetValueOrDefault(key) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static OperationOutcome Integrated(string uri, string previous, bool changed) => OperationOutcome.Success(new Dictionary<string, string>
    {
        ["uri"] = uri,
        ["previous_uri"] = previous,
        ["changed"] = changed ? "true" : "false",
    });
}
