using System.Text;

namespace Lifeline.Core.Expressions;

/// <summary>Substitutes references in a template, keeping a display copy in which secrets are masked.</summary>
public static class ExpressionEvaluator
{
    public const string Mask = "***";

    /// <summary>Resolves <paramref name="template"/>; on failure returns the reasons, one per unresolved reference.</summary>
    public static (ResolvedText? Text, IReadOnlyList<string> Errors) Resolve(string template, IExpressionContext context)
    {
        var scan = ExpressionScanner.Scan(template);
        if (scan.Count == 0)
        {
            return (ResolvedText.Plain(template), []);
        }

        var errors = new List<string>();
        var value = new StringBuilder();
        var display = new StringBuilder();
        var position = 0;
        foreach (var (reference, error) in scan)
        {
            if (reference is null)
            {
                errors.Add(error!);
                continue;
            }

            value.Append(template, position, reference.Offset - position);
            display.Append(template, position, reference.Offset - position);
            var resolved = context.Resolve(reference);
            if (resolved.Error is not null || resolved.Value is null)
            {
                errors.Add(resolved.Error ?? $"{reference.Text} has no value");
            }
            else
            {
                value.Append(resolved.Value);
                display.Append(resolved.IsSecret ? Mask : resolved.Value);
            }

            position = reference.Offset + reference.Length;
        }

        value.Append(template, position, template.Length - position);
        display.Append(template, position, template.Length - position);
        return errors.Count > 0 ? (null, errors) : (new ResolvedText(value.ToString(), display.ToString()), []);
    }
}
