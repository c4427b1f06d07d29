using System.Text.Json.Serialization;

namespace Lifeline.Sandbox.Portal.Gateway;

/// <summary>What the admin API answers: the integration now, and after a PUT the one it replaced.</summary>
internal sealed record IntegrationAnswer(
    [property: JsonPropertyName("uri")] string Uri,
    [property: JsonPropertyName("previous_uri"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PreviousUri);
