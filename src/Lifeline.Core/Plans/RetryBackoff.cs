namespace Lifeline.Core.Plans;

public enum RetryBackoff
{
    Constant,
    Linear,
    Exponential,
}
