using System.Globalization;
using System.Text;

namespace Lifeline.Core.Time;

/// <summary>Durations as people write them in runbooks: <c>500ms</c>, <c>30s</c>, <c>15m</c>, <c>1h30m</c>, <c>2d</c>.</summary>
public static class DurationText
{
    public const string Expected = "a duration such as 500ms, 30s, 15m, 1h30m or 2d";

    /// <summary>The longest duration a plan or an option may name; anything longer is a typo, not a plan.</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(36525);

    public const string MaximumText = "100 years";

    /// <summary>Parses a duration of at most <see cref="Maximum"/>; never throws, whatever the text.</summary>
    public static bool TryParse(string? text, out TimeSpan duration) => Parse(text, out duration) == Verdict.Valid;

    /// <summary>True when <paramref name="text"/> is written like a duration but is longer than <see cref="Maximum"/>.</summary>
    public static bool IsTooLong(string? text) => Parse(text, out _) == Verdict.TooLong;

    private enum Verdict
    {
        Valid,
        Invalid,
        TooLong,
    }

    private static Verdict Parse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return Verdict.Invalid;
        }

        var s = text.Trim();
        if (s == "0")
        {
            return Verdict.Valid;
        }

        // Sum in milliseconds as a double: huge values (9999999999999999999ms) become infinity or large numbers to
        // compare with the maximum, where TimeSpan arithmetic would throw.
        var totalMilliseconds = 0.0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == start || !double.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return Verdict.Invalid;
            }

            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
            {
                i++;
            }

            double? unit = s[unitStart..i] switch
            {
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                "d" => 86_400_000,
                _ => null,
            };
            if (unit is null)
            {
                return Verdict.Invalid;
            }

            totalMilliseconds += value * unit.Value;
        }

        if (double.IsNaN(totalMilliseconds) || totalMilliseconds > Maximum.TotalMilliseconds)
        {
            return Verdict.TooLong;
        }

        duration = TimeSpan.FromMilliseconds(totalMilliseconds);
        return Verdict.Valid;
    }

    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        if (duration < TimeSpan.FromSeconds(1))
        {
            return $"{(int)duration.TotalMilliseconds}ms";
        }

        var sb = new StringBuilder();
        if (duration.Days > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{duration.Days}d");
        }

        if (duration.Hours > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{duration.Hours}h");
        }

        if (duration.Minutes > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{duration.Minutes}m");
        }

        var seconds = duration.Seconds + (duration.Milliseconds / 1000.0);
        if (seconds > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{Math.Round(seconds, 1)}s");
        }

        return sb.ToString();
    }
}
