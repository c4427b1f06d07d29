using Lifeline.Core.Expressions;

namespace Lifeline.Engine.Steps;

/// <summary>A step's inputs after expressions were substituted: real values for providers, masked ones for people.</summary>
internal sealed record ResolvedInputs(IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string> Display, IReadOnlyList<string> Errors)
{
    public bool Ok => Errors.Count == 0;

    public static ResolvedInputs Resolve(IReadOnlyDictionary<string, string> templates, IExpressionContext context)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var display = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var (key, template) in templates)
        {
            var (text, problems) = ExpressionEvaluator.Resolve(template, context);
            if (text is null)
            {
                errors.AddRange(problems.Select(p => $"{key}: {p}"));
                continue;
            }

            values[key] = text.Value;
            display[key] = text.Display;
        }

        return new ResolvedInputs(values, display, errors);
    }
}
