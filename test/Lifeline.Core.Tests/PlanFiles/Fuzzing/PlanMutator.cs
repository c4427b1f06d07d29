using System.Text;

namespace Lifeline.Core.Tests.PlanFiles.Fuzzing;

/// <summary>
/// Damages YAML text the way a fuzzer (or a bad merge, a stray keystroke, a copy-paste) does: byte flips, deletions,
/// duplications, indentation changes, huge numbers, deep nesting. Seeded, so every case can be replayed.
/// </summary>
internal sealed class PlanMutator(int seed)
{
    private static readonly string[] Specials =
    [
        ":", "-", "[", "]", "{", "}", "\"", "'", "#", "&a", "*a", "!", "!!binary", "|", ">", "%", "@", "`", "\t", " ", "\n", ",",
        "?", "\0", "\u2028", "\uFEFF", "\r", "${{", "}}", "${{ inputs.", "é", "<<: *a", "---", "...", "\\",
    ];

    private static readonly string[] HugeValues =
    [
        "9999999999999999999", "10675200d", "999999999h", "9999999999999999999ms", "1e400", "-1", "-9999999999999999999",
        "999999999999d", "0.0000000001ms", "NaN", ".inf", "1.5.5m", "99999999999999999999999999999999999999s", "0", "\"\"", "~",
    ];

    private readonly Random _random = new(seed);

    public string Mutate(string text)
    {
        var mutations = 1 + _random.Next(3);
        for (var i = 0; i < mutations; i++)
        {
            text = Once(text);
        }

        return text;
    }

    private string Once(string text)
    {
        if (text.Length == 0)
        {
            return Pick(Specials);
        }

        var at = _random.Next(text.Length);
        var lines = text.Split('\n');
        var line = _random.Next(lines.Length);
        switch (_random.Next(12))
        {
            case 0:
                return text[..at] + Pick(Specials) + text[(at + 1)..];
            case 1:
                return text.Remove(at, Math.Min(text.Length - at, 1 + _random.Next(40)));
            case 2:
                var length = Math.Min(text.Length - at, 1 + _random.Next(200));
                return text.Insert(at, text.Substring(at, length));
            case 3:
                lines[line] = _random.Next(2) == 0 ? new string(' ', 1 + _random.Next(6)) + lines[line] : lines[line].TrimStart();
                return string.Join('\n', lines);
            case 4:
                return ReplaceValue(lines, line, Pick(HugeValues));
            case 5:
                return text.Insert(at, Nested());
            case 6:
                (lines[line], lines[_random.Next(lines.Length)]) = (lines[_random.Next(lines.Length)], lines[line]);
                return string.Join('\n', lines);
            case 7:
                return text[..at];
            case 8:
                return string.Join('\n', lines.Take(line + 1).Append(lines[line]).Concat(lines.Skip(line + 1)));
            case 9:
                return text[..at] + (char)_random.Next(0, 0x3000) + text[at..];
            case 10:
                return ReplaceValue(lines, line, new string('x', 1000 + _random.Next(100_000)));
            default:
                return text.Insert(at, Pick(Specials));
        }
    }

    private string ReplaceValue(string[] lines, int line, string value)
    {
        var colon = lines[line].IndexOf(": ", StringComparison.Ordinal);
        lines[line] = colon < 0 ? lines[line] + " " + value : lines[line][..(colon + 2)] + value;
        return string.Join('\n', lines);
    }

    private string Nested()
    {
        var depth = _random.Next(2) == 0 ? 10 + _random.Next(100) : 5_000 + _random.Next(40_000);
        var builder = new StringBuilder();
        switch (_random.Next(3))
        {
            case 0:
                builder.Append('[', depth).Append(']', depth);
                break;
            case 1:
                builder.Insert(0, "{a: ", depth).Append('1').Append('}', depth);
                break;
            default:
                for (var i = 0; i < Math.Min(depth, 300); i++)
                {
                    builder.Append('\n').Append(' ', i).Append("k:");
                }

                break;
        }

        return builder.ToString();
    }

    private string Pick(string[] values) => values[_random.Next(values.Length)];
}
