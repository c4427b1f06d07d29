using Lifeline.Core.Plans;

namespace Lifeline.Core.PlanFiles;

/// <summary>Reads <c>field: value</c> expectations: the value may start with an operator (<c>!= 200</c>, <c>&lt;= 1048576</c>, <c>contains ok</c>).</summary>
internal static class ExpectationText
{
    private static readonly (string Symbol, ExpectationOperator Operator)[] Operators =
    [
        ("!=", ExpectationOperator.NotEqual),
        ("<=", ExpectationOperator.LessOrEqual),
        (">=", ExpectationOperator.GreaterOrEqual),
        ("==", ExpectationOperator.Equal),
        ("<", ExpectationOperator.Less),
        (">", ExpectationOperator.Greater),
        ("contains ", ExpectationOperator.Contains),
    ];

    public static Expectation Parse(string field, string text)
    {
        var trimmed = text.Trim();
        foreach (var (symbol, op) in Operators)
        {
            if (trimmed.StartsWith(symbol, StringComparison.Ordinal))
            {
                return new Expectation(field, op, trimmed[symbol.Length..].Trim());
            }
        }

        return new Expectation(field, ExpectationOperator.Equal, trimmed);
    }
}
