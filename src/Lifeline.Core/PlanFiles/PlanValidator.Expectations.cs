using System.Globalization;
using Lifeline.Core.Expressions;
using Lifeline.Core.Plans;
using Lifeline.Core.Providers;

namespace Lifeline.Core.PlanFiles;

internal sealed partial class PlanValidator
{
    /// <summary>
    /// An expectation whose value can never match its field's type (<c>lag_seconds: "&lt;= sixty"</c>) would fail every
    /// time, silently; it is an error at validation instead.
    /// </summary>
    private void CheckExpectation(string probe, FieldDescriptor field, MapEntry entry)
    {
        if (ExpressionScanner.ContainsExpression(entry.Value))
        {
            return;
        }

        var expectation = ExpectationText.Parse(entry.Key, entry.Value);
        var equality = expectation.Operator is ExpectationOperator.Equal or ExpectationOperator.NotEqual;
        var problem = field.Type switch
        {
            // An unknown observation is empty, so "== ''" and "!= ''" are meaningful for every type.
            _ when equality && expectation.Value.Length == 0 => null,
            ParameterType.String or ParameterType.Url => null,
            _ when expectation.Operator == ExpectationOperator.Contains => ExpectedFor(field.Type, equality: true),
            ParameterType.Boolean when !equality => "true or false, compared with == or != (a yes/no field has no order)",
            ParameterType.Boolean when expectation.Value is not ("true" or "false") => ExpectedFor(field.Type, equality),
            ParameterType.Integer when !long.TryParse(expectation.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) => ExpectedFor(field.Type, equality),
            ParameterType.Number when !double.TryParse(expectation.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => ExpectedFor(field.Type, equality),
            ParameterType.Duration when TypeProblem(field.Type, expectation.Value) is { } expected => expected,
            _ => null,
        };
        if (problem is not null)
        {
            diagnostics.Error(entry.ValueLocation, $"'{entry.Key}' of '{probe}' is {Article(field.Type)}, so '{entry.Key}: {entry.Value}' can never hold", problem);
        }
    }

    private static string ExpectedFor(ParameterType type, bool equality) => type switch
    {
        ParameterType.Boolean => "true or false",
        ParameterType.Integer => equality ? "a whole number, e.g. 200 or != 0" : "a whole number after the operator, e.g. <= 1048576",
        ParameterType.Number => equality ? "a number, e.g. 0.5" : "a number after the operator, e.g. <= 60",
        _ => "a value of the field's type",
    };

    private static string Article(ParameterType type) => type switch
    {
        ParameterType.Boolean => "true or false",
        ParameterType.Integer => "a whole number",
        ParameterType.Number => "a number",
        ParameterType.Duration => "a duration",
        ParameterType.Url => "a URL",
        _ => "text",
    };
}
