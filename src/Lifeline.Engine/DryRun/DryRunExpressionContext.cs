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

    /// <summary>References that a real run could not resolve either: a run with any of these must not start.</summary>
    public List<string> Unresolved { get; } = [];

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
                    Unresolve(error);
                }

                return ExpressionValue.Secret("<secret>");
            default:
                var value = _live.Resolve(reference);
                if (value.Error is not null)
                {
                    Warn(value.Error);
                    Unresolve(value.Error);
                    return ExpressionValue.Of($"<unresolved: {reference.Text[3..^2].Trim()}>");
                }

                return value;
        }
    }

    private void Unresolve(string message)
    {
        if (!Unresolved.Contains(message))
        {
            Unresolved.Add(message);
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
