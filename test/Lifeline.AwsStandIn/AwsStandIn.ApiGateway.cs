using System.Text.Json;

namespace Lifeline.AwsStandIn;

public sealed partial class AwsStandIn
{
    private readonly Dictionary<(string Api, string Integration), string> _integrations = [];

    /// <summary>An HTTP API's integration and the backend it targets.</summary>
    public void AddIntegration(string api, string integration, string uri)
    {
        lock (_lock)
        {
            _integrations[(api, integration)] = uri;
        }
    }

    /// <summary>The backend an integration targets now.</summary>
    public string IntegrationUri(string api, string integration)
    {
        lock (_lock)
        {
            return _integrations[(api, integration)];
        }
    }

    /// <summary>apigatewayv2 get-integration and update-integration (rest-json, members on the wire in lower camel case).</summary>
    private Reply ApiGateway(ServiceModel model, string operation, Dictionary<string, string> p)
    {
        var key = (p.GetValueOrDefault("ApiId", ""), p.GetValueOrDefault("IntegrationId", ""));
        if (!_integrations.TryGetValue(key, out var uri))
        {
            return Error(model, 404, "NotFoundException", $"Invalid Integration identifier specified {key.Item2}");
        }

        if (operation == "UpdateIntegration" && (p.GetValueOrDefault("integrationUri") ?? p.GetValueOrDefault("IntegrationUri")) is { } target)
        {
            _integrations[key] = uri = target;
        }

        return operation is "GetIntegration" or "UpdateIntegration"
            ? new Reply(200, "application/json", JsonSerializer.Serialize(new { integrationId = key.Item2, integrationType = "AWS_PROXY", integrationUri = uri, payloadFormatVersion = "2.0" }), null)
            : Error(model, 501, "NotImplementedByStandIn", $"the stand-in does not answer apigatewayv2:{operation}");
    }
}
