using System.Globalization;
using System.Text.Json;
using Lifeline.Core.Providers;

namespace Lifeline.Providers.Aws.Cli;

/// <summary>Small conversions every aws-* provider needs between CLI results, JSON outputs and outcomes.</summary>
internal static class AwsOutcomes
{
    public static OperationOutcome Failed(AwsResult result) => OperationOutcome.Failure(result.Error ?? "aws call failed", result.IsTransient);

    public static string? Text(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current.ValueKind switch
        {
            JsonValueKind.String => current.GetString(),
            JsonValueKind.Number => current.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    public static JsonElement? Element(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }

    public static IEnumerable<JsonElement> Items(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : [];

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static OperationOutcome UnknownOperation(string provider, string operation) =>
        OperationOutcome.Failure($"{provider} does not offer operation '{operation}'");
}
