namespace Lifeline.Core.Expressions;

/// <summary>
/// One <c>${{ root.path }}</c> occurrence: <c>steps.promote.outputs.endpoint</c> has root <c>steps</c> and path
/// <c>[promote, outputs, endpoint]</c>. <see cref="Offset"/> and <see cref="Length"/> locate it in its string.
/// </summary>
public sealed record ExpressionReference(string Root, IReadOnlyList<string> Path, string Text, int Offset, int Length)
{
    public override string ToString() => Text;
}
