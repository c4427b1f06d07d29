using System.Globalization;
using Lifeline.Core.Time;

namespace Lifeline.Providers.Inputs;

/// <summary>
/// Reads settings or inputs (strings, already resolved) and remembers the first problem, so a provider can read
/// everything and then return one clear failure: <c>if (reader.Error is { } e) return Failure(e)</c>.
/// </summary>
internal sealed class InputReader(string provider, string kind, IReadOnlyDictionary<string, string> values)
{
    public string? Error { get; private set; }

    public string? Optional(string name) =>
        values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public string Text(string name, string fallback) => Optional(name) ?? fallback;

    public string Required(string name)
    {
        var value = Optional(name);
        if (value is null)
        {
            Fail($"{provider}: {kind} '{name}' is required");
        }

        return value ?? string.Empty;
    }

    public string RequiredRaw(string name)
    {
        if (!values.TryGetValue(name, out var value))
        {
            Fail($"{provider}: {kind} '{name}' is required");
        }

        return value ?? string.Empty;
    }

    public int Integer(string name, int fallback, int min = int.MinValue, int max = int.MaxValue) =>
        Optional(name) is { } text ? ParseInteger(name, text, min, max) : fallback;

    public int RequiredInteger(string name, int min = int.MinValue, int max = int.MaxValue) =>
        Optional(name) is { } text ? ParseInteger(name, text, min, max) : Fail<int>($"{provider}: {kind} '{name}' is required");

    public int Port(string name) => RequiredInteger(name, 1, 65535);

    public bool Boolean(string name, bool fallback)
    {
        var text = Optional(name);
        if (text is null)
        {
            return fallback;
        }

        return text.ToLowerInvariant() switch
        {
            "true" or "yes" or "1" or "on" => true,
            "false" or "no" or "0" or "off" => false,
            _ => Fail<bool>($"{provider}: {kind} '{name}' must be true or false, not '{text}'"),
        };
    }

    public TimeSpan Duration(string name, TimeSpan fallback)
    {
        var text = Optional(name);
        if (text is null)
        {
            return fallback;
        }

        return DurationText.TryParse(text, out var duration)
            ? duration
            : Fail<TimeSpan>($"{provider}: {kind} '{name}' must be {DurationText.Expected}, not '{text}'");
    }

    public Uri Url(string name)
    {
        var text = Required(name);
        if (Error is null && (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            return Fail<Uri>($"{provider}: {kind} '{name}' must be an http(s) URL, not '{text}'");
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var parsed) ? parsed : new Uri("http://invalid");
    }

    /// <summary>Parses <c>KEY=VALUE;KEY=VALUE</c>.</summary>
    public IReadOnlyDictionary<string, string> Pairs(string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (Optional(name) ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                return Fail<IReadOnlyDictionary<string, string>>($"{provider}: {kind} '{name}' must be KEY=VALUE;KEY=VALUE, and '{pair}' is not KEY=VALUE");
            }

            result[pair[..equals].Trim()] = pair[(equals + 1)..];
        }

        return result;
    }

    public T Fail<T>(string error)
    {
        Fail(error);
        return default!;
    }

    public void Fail(string error) => Error ??= error;

    private int ParseInteger(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : Fail<int>($"{provider}: {kind} '{name}' must be a whole number from {min} to {max}, not '{text}'");
}
