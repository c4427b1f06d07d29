using System.Text.RegularExpressions;

namespace Lifeline.Core.Expressions;

/// <summary>Finds <c>${{ … }}</c> references in a string and splits them into root and path.</summary>
public static partial class ExpressionScanner
{
    [GeneratedRegex(@"\$\{\{\s*(?<expr>[^}]*?)\s*\}\}")]
    private static partial Regex ExpressionPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$")]
    private static partial Regex PathPattern();

    public static bool ContainsExpression(string text) => text.Contains("${{", StringComparison.Ordinal);

    /// <summary>Every reference in <paramref name="text"/>, and a message for each one that is malformed.</summary>
    public static IReadOnlyList<(ExpressionReference? Reference, string? Error)> Scan(string text)
    {
        var results = new List<(ExpressionReference?, string?)>();
        if (!ContainsExpression(text))
        {
            return results;
        }

        foreach (Match match in ExpressionPattern().Matches(text))
        {
            var expr = match.Groups["expr"].Value;
            if (!PathPattern().IsMatch(expr))
            {
                results.Add((null, $"expression '{match.Value}' is not a dotted reference"));
                continue;
            }

            var parts = expr.Split('.');
            results.Add((new ExpressionReference(parts[0], parts[1..], match.Value, match.Index, match.Length), null));
        }

        var opened = CountOccurrences(text, "${{");
        if (opened > results.Count)
        {
            results.Add((null, "expression is not closed with '}}'"));
        }

        return results;
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
