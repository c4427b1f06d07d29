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
            }
            else if (!declared.Contains(name))
            {
                diagnostics.Error(location, $"{reference.Text}: unknown input '{name}'{Suggestions.DidYouMean(name, declared)}",
                    declared.Count == 0 ? "an input declared under inputs:" : ShapeText.OneOf(declared));
            }
        }

        result.Append(text, position, text.Length - position);
        return result.ToString();
    }
}
