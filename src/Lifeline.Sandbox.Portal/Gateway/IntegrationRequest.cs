using System.Text.Json.Serialization;

namespace Lifeline.Sandbox.Portal.Gateway;

/// <summary>The admin API's PUT body: the integration to set.</summary>
internal sealed record IntegrationRequest([property: JsonPropertyName("uri")] string? Uri);
