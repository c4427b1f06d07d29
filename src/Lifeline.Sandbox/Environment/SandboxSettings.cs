using System.Collections;
using System.Globalization;

namespace Lifeline.Sandbox.Environment;

/// <summary>
/// The settings a sandbox exports, by name (<c>LIFELINE_SANDBOX_&lt;COMPONENT&gt;_&lt;MEMBER&gt;_PORT</c>, …), ordinally
/// sorted. Drills are handed this, not a file; <c>sandbox.env</c> is the same values for shells.
/// </summary>
internal sealed class SandboxSettings(IDictionary<string, string> values) : IReadOnlyDictionary<string, string>
{
    public const string Prefix = "LIFELINE_SANDBOX_";
    public const string SecretPrefix = "LIFELINE_SECRET_SANDBOX_";

    private readonly SortedDictionary<string, string> _values = new(values, StringComparer.Ordinal);

    public int Count => _values.Count;

    public IEnumerable<string> Keys => _values.Keys;

    public IEnumerable<string> Values => _values.Values;

    public string this[string key] => _values[key];

    /// <summary>The setting name for a path of topology names: ("pg", "primary", "port") → LIFELINE_SANDBOX_PG_PRIMARY_PORT.</summary>
    public static string Key(params string[] parts) => Prefix + Join(parts);

    /// <summary>The secret's name: ("pg", "password") → LIFELINE_SECRET_SANDBOX_PG_PASSWORD.</summary>
    public static string SecretKey(params string[] parts) => SecretPrefix + Join(parts);

    public int Integer(string key) => int.Parse(_values[key], NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>The settings without secret values, for printing.</summary>
    public IEnumerable<KeyValuePair<string, string>> Public => _values.Where(kv => !kv.Key.StartsWith("LIFELINE_SECRET_", StringComparison.Ordinal));

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static string Join(string[] parts) =>
        string.Join("_", parts.Select(p => p.ToUpperInvariant().Replace('-', '_').Replace('.', '_')));
}
