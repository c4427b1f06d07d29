using System.Text.Json;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Cli.Remote;

/// <summary>The API's JSON: snake_case names and snake_case enum values, as <c>lifeline serve</c> writes them.</summary>
internal static class RemoteJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new WireEnumConverter() },
    };
}
