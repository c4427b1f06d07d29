namespace Lifeline.Core.Plans;

public static class ExpectationOperatorExtensions
{
    public static string Symbol(this ExpectationOperator op) => op switch
    {
        ExpectationOperator.Equal => "==",
        ExpectationOperator.NotEqual => "!=",
        ExpectationOperator.Less => "<",
        ExpectationOperator.LessOrEqual => "<=",
        ExpectationOperator.Greater => ">",
        ExpectationOperator.GreaterOrEqual => ">=",
        ExpectationOperator.Contains => "contains",
        _ => op.ToString(),
    };
}
