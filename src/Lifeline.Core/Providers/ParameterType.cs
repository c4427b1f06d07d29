namespace Lifeline.Core.Providers;

public enum ParameterType
{
    String,
    Integer,
    Boolean,
    Duration,
    Url,
}
