using System.Text.RegularExpressions;

namespace Lifeline.Core.Diagnostics;

/// <summary>
/// Keeps diagnostics short whatever the input: a quoted value longer than <see cref="QuotedLength"/> characters is cut
/// to its start, and a whole message to <see cref="MessageLength"/>. A 20 MB scalar is named, never echoed.
/// </summary>
public static partial class Excerpt
{
    public const int QuotedLength = 80;
    public const int MessageLength = 1000;

    public static string Clip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= QuotedLength)
        {
            return text;
        }

        var clipped = LongQuoted().Replace(text, m => $"'{Short(m.Groups[1].Value)}'");
        return clipped.Length <= MessageLength ? clipped : $"{clipped[..MessageLength]}… ({clipped.Length:N0} characters)";
    }

    /// <summary>The start of <paramref name="value"/>, marked as cut, when it is longer than <see cref="QuotedLength"/>.</summary>
    public static string Short(string value) =>
        value.Length <= QuotedLength ? value : $"{value[..(QuotedLength - 20)]}… ({value.Length:N0} characters)";

    [GeneratedRegex("'([^'\\n]{" + "81" + ",})'", RegexOptions.CultureInvariant)]
    private static partial Regex LongQuoted();
}
