using Lifeline.Core.Estates;
using Lifeline.Core.Expressions;
using Lifeline.Engine.Secrets;

namespace Lifeline.Engine.Monitoring;

/// <summary>Resolves binding settings for probes: environment variables and secrets only (there is no run).</summary>
internal sealed class MonitorExpressionContext(Estate estate, Func<string, string?> environment, Redactor redactor) : IExpressionContext
{
    private readonly SecretResolver _secrets = new(estate, redactor, environment);

    public ExpressionValue Resolve(ExpressionReference reference)
    {
        var path = reference.Path;
        return reference.Root switch
        {
            ExpressionRoots.Env when path.Count == 1 => environment(path[0]) is { } value
                ? ExpressionValue.Of(value)
                : ExpressionValue.Unresolved($"environment variable {path[0]} is not set"),
            ExpressionRoots.Secrets when path.Count == 1 => Secret(path[0]),
            ExpressionRoots.Estate when path.Count == 1 && path[0] == "name" => ExpressionValue.Of(estate.Name),
            _ => ExpressionValue.Unresolved($"{reference.Text} cannot be used in a monitored binding"),
        };
    }

    private ExpressionValue Secret(string name)
    {
        var (value, error) = _secrets.Resolve(name);
        return value is null ? ExpressionValue.Unresolved(error!) : ExpressionValue.Secret(value);
    }
}
