namespace Lifeline.Core.Plans;

/// <summary>One condition on an observation field: <c>status: 200</c>, <c>lag_bytes: "&lt;= 1048576"</c>.</summary>
public sealed record Expectation(string Field, ExpectationOperator Operator, string Value)
{
    public override string ToString() => Operator == ExpectationOperator.Equal ? $"{Field} == {Value}" : $"{Field} {Operator.Symbol()} {Value}";
}
