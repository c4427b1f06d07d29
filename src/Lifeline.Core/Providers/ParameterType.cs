namespace Lifeline.Core.Providers;

/// <summary>The type of an input, output, observed field or setting; validation checks literal values against it.</summary>
public enum ParameterType
{
    String,
    Integer,
    Boolean,
    Duration,
    Url,

    /// <summary>A decimal number (lag in seconds, latency).</summary>
    Number,
}
