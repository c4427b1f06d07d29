namespace Lifeline.Core.Expressions;

/// <summary>
/// A template after resolution: <see cref="Value"/> is what providers receive; <see cref="Display"/> is what people,
/// logs and the store see, with every secret as <c>***</c>.
/// </summary>
public sealed record ResolvedText(string Value, string Display)
{
    public static ResolvedText Plain(string text) => new(text, text);

    public override string ToString() => Display;
}
