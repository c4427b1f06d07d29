namespace Lifeline.Core.Expressions;

/// <summary>Answers references while a template is resolved.</summary>
public interface IExpressionContext
{
    ExpressionValue Resolve(ExpressionReference reference);
}
