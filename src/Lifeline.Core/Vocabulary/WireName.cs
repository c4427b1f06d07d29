using System.Collections.Frozen;
using System.Text.Json;

namespace Lifeline.Core.Vocabulary;

/// <summary>
/// The one spelling of every enum value outside the process: kebab-case (<c>dry-run</c>, <c>needs-operator</c>), the
/// same in CLI JSON, API JSON, reports and the store. Parsing also accepts the spellings older builds wrote
/// (<c>DryRun</c>, <c>dryrun</c>, <c>dry_run</c>), so stored data stays readable.
/// </summary>
public static class WireName
{
    public static string Of<T>(T value)
        where T : struct, Enum =>
        Names<T>.ByValue.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(T).Name} has no value {value}");

    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        value = default;
        return text is not null && Names<T>.ByLooseName.TryGetValue(Loose(text), out value);
    }

    /// <summary>For values this program wrote itself (the store): a spelling it cannot read is a bug, not bad input.</summary>
    public static T Parse<T>(string text)
        where T : struct, Enum =>
        TryParse<T>(text, out var value) ? value : throw new FormatException($"'{text}' is not a {typeof(T).Name}; expected one of {string.Join(", ", All<T>())}");

    /// <summary>Every value's wire name, in declaration order.</summary>
    public static IReadOnlyList<string> All<T>()
        where T : struct, Enum => Names<T>.Ordered;

    private static string Loose(string text) => text.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();

    private static class Names<T>
        where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> ByValue =
            Enum.GetValues<T>().Distinct().ToFrozenDictionary(v => v, v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()));

        public static readonly FrozenDictionary<string, T> ByLooseName =
            ByValue.ToFrozenDictionary(p => Loose(p.Key.ToString()), p => p.Key, StringComparer.Ordinal);

        public static readonly IReadOnlyList<string> Ordered = [.. Enum.GetValues<T>().Distinct().Select(v => ByValue[v])];
    }
}
