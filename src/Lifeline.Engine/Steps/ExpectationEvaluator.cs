using System.Globalization;
using Lifeline.Core.Plans;

namespace Lifeline.Engine.Steps;

/// <summary>Decides whether an observation meets a check's expectations; numbers compare as numbers.</summary>
internal static class ExpectationEvaluator
{
    public static (bool Holds, string Detail) Evaluate(IReadOnlyList<Expectation> expectations, IReadOnlyDictionary<string, string> fields)
    {
        var unmet = new List<string>();
        foreach (var expectation in expectations)
        {
            fields.TryGetValue(expectation.Field, out var actual);
            if (!Holds(expectation, actual))
            {
                unmet.Add($"{expectation} (observed {expectation.Field}={actual ?? "<none>"})");
            }
        }

        return unmet.Count == 0 ? (true, "all expectations hold") : (false, string.Join("; ", unmet));
    }

    public static bool Holds(Expectation expectation, string? actual)
    {
        if (actual is null)
        {
            return expectation.Operator == ExpectationOperator.NotEqual;
        }

        var expected = expectation.Value;
        if (expectation.Operator == ExpectationOperator.Contains)
        {
            return actual.Contains(expected, StringComparison.OrdinalIgnoreCase);
        }

        int comparison;
        if (double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var e))
        {
            comparison = a.CompareTo(e);
        }
        else
        {
            comparison = string.Compare(actual, expected, StringComparison.OrdinalIgnoreCase);
        }

        return expectation.Operator switch
        {
            ExpectationOperator.Equal => comparison == 0,
            ExpectationOperator.NotEqual => comparison != 0,
            ExpectationOperator.Less => comparison < 0,
            ExpectationOperator.LessOrEqual => comparison <= 0,
            ExpectationOperator.Greater => comparison > 0,
            ExpectationOperator.GreaterOrEqual => comparison >= 0,
            _ => false,
        };
    }
}
