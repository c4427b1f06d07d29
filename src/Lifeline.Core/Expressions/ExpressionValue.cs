namespace Lifeline.Core.Expressions;

/// <summary>The value of one reference; a secret's value is shown as <c>***</c>; an unresolved one carries why.</summary>
public sealed record ExpressionValue(string? Value, bool IsSecret, string? Error)
{
    public static ExpressionValue Of(string value) => new(value, false, null);

    public static ExpressionValue Secret(string value) => new(value, true, null);

    public static ExpressionValue Unresolved(string error) => new(null, false, error);
}
