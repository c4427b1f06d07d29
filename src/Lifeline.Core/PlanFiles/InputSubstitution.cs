using System.Text;
using Lifeline.Core.Diagnostics;
using Lifeline.Core.Expressions;

namespace Lifeline.Core.PlanFiles;

/// <summary>
/// Replaces <c>${{ inputs.NAME }}</c> textually in a plan scalar before it is interpreted, so an input can stand for a
/// duration, a count or part of a message.
/// </summary>
internal static class InputSubstitution
{
    /// <param name="text">The scalar as written.</param>
    /// <param name="values">Resolved inputs (default or given).</param>
    /// <param name="declared">Every declared input, including those without a value (already reported).</param>
    /// <param name="location">Where the scalar was written.</param>
    /// <param name="diagnostics">Where an unknown input is reported.</param>
    public static string Apply(string text, IReadOnlyDictionary<string, string> values, IReadOnlyCollection<string> declared, SourceLocation location, DiagnosticList diagnostics)
    {
        if (!ExpressionScanner.ContainsExpression(text))
        {
            return text;
        }

        var result = new StringBuilder();
        var position = 0;
        var expected = Openings(text);
        foreach (var (reference, _) in ExpressionScanner.Scan(text))
        {
            if (reference is null || reference.Root != ExpressionRoots.Inputs)
            {
                continue;
            }

            var name = string.Join('.', reference.Path);
            if (values.TryGetValue(name, out var value))
            {
                result.Append(text, position, reference.Offset - position).Append(value);
                position = reference.Offset + reference.Length;
                expected += Openings(value) - 1;
            }
            else if (!declared.Contains(name))
            {
                diagnostics.Error(location, $"{reference.Text}: unknown input '{name}'{Suggestions.DidYouMean(name, declared)}",
                    declared.Count == 0 ? "an input declared under inputs:" : ShapeText.OneOf(declared));
            }
        }

        result.Append(text, position, text.Length - position);
        var substituted = result.ToString();
        if (Openings(substituted) > expected)
        {
            // Values that are harmless alone can join into "${{ … }}" where the plan places inputs side by side.
            diagnostics.Error(location, "the inputs substituted here join into a new ${{ … }} expression", "input values that are plain text");
            return text;
        }

        return substituted;
    }

    private static int Openings(string text)
    {
        var count = 0;
        for (var i = text.IndexOf("${{", StringComparison.Ordinal); i >= 0; i = text.IndexOf("${{", i + 3, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
