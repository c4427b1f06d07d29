using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lifeline.Cli.Remote;

/// <summary>The API's JSON: snake_case names and snake_case enum values, as <c>lifeline serve</c> writes them.</summary>
internal static class RemoteJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
