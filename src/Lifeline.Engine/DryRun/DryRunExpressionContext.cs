using Lifeline.Core.Expressions;
using Lifeline.Engine.Scheduling;

namespace Lifeline.Engine.DryRun;

/// <summary>
/// Resolves what can be known before a run (environment, inputs, settings) and stands in for what cannot (outputs of
/// steps that have not run). Secrets are never shown; one that would not resolve becomes a warning.
/// </summary>
internal sealed class DryRunExpressionContext(RunSession session, List<string> warnings) : IExpressionContext
{
    private readonly RunExpressionContext _live = new(session);

    public ExpressionValue Resolve(ExpressionReference reference)
    {
        switch (reference.Root)
        {
            case ExpressionRoots.Steps:
                return ExpressionValue.Of($"<{string.Join('.', reference.Path)}>");
            case ExpressionRoots.Secrets:
                var (_, error) = session.Secrets.Resolve(reference.Path[0]);
                if (error is not null)
                {
                    Warn($"{error} (a live run would fail here)");
                }

                return ExpressionValue.Secret("<secret>");
            default:
                var value = _live.Resolve(reference);
                if (value.Error is not null)
                {
                    Warn(value.Error);
                    return ExpressionValue.Of($"<unresolved: {reference.Text[3..^2].Trim()}>");
                }

                return value;
        }
    }

    private void Warn(string message)
    {
        if (!warnings.Contains(message))
        {
            warnings.Add(message);
        }
    }
}
