using Lifeline.Core.PlanFiles;
using Lifeline.Core.Plans;

namespace Lifeline.Core.Tests.PlanFiles;

public sealed class ExpectationTextTests
{
    [Theory]
    [InlineData("200", ExpectationOperator.Equal, "200")]
    [InlineData("false", ExpectationOperator.Equal, "false")]
    [InlineData("!= 200", ExpectationOperator.NotEqual, "200")]
    [InlineData("<= 1048576", ExpectationOperator.LessOrEqual, "1048576")]
    [InlineData("< 5", ExpectationOperator.Less, "5")]
    [InlineData(">0", ExpectationOperator.Greater, "0")]
    [InlineData(">= 2", ExpectationOperator.GreaterOrEqual, "2")]
    [InlineData("== <html>", ExpectationOperator.Equal, "<html>")]
    [InlineData("contains ok", ExpectationOperator.Contains, "ok")]
    [InlineData("containsok", ExpectationOperator.Equal, "containsok")]
    public void Parse_OperatorPrefix_SplitsOperatorAndValue(string text, ExpectationOperator op, string value)
    {
        var expectation = ExpectationText.Parse("status", text);

        Assert.Equal(new Expectation("status", op, value), expectation);
    }
}
