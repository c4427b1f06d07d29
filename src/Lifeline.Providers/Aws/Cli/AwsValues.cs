using System.Globalization;
using System.Text.Json;
using Lifeline.Core.Time;

namespace Lifeline.Providers.Aws.Cli;

/// <summary>Reading settings and inputs, and writing the times and numbers of typed outputs, the same way in every aws-* provider.</summary>
internal static class AwsValues
{
    public static string? Setting(IReadOnlyDictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public static TimeSpan Duration(IReadOnlyDictionary<string, string> inputs, string key, TimeSpan fallback) =>
        DurationText.TryParse(Setting(inputs, key), out var duration) ? duration : fallback;

    public static int Whole(IReadOnlyDictionary<string, string> inputs, string key, int fallback) =>
        int.TryParse(Setting(inputs, key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    public static bool Flag(IReadOnlyDictionary<string, string> inputs, string key) =>
        string.Equals(Setting(inputs, key), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>ISO 8601 in UTC to the second: what the CLI accepts and what outputs carry.</summary>
    public static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan span) => Math.Round(span.TotalSeconds, 1).ToString("0.#", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A time in the CLI's JSON: ISO 8601 text (v2's default) or epoch seconds.</summary>
    public static DateTimeOffset? Time(JsonElement element, params string[] path)
    {
        if (element.Element(path) is not { } value)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String when DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) => at,
            JsonValueKind.Number => DateTimeOffset.FromUnixTimeMilliseconds((long)(value.GetDouble() * 1000)),
            _ => null,
        };
    }

    public static string Json(object value) => JsonSerializer.Serialize(value);
}
