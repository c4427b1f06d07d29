using Lifeline.Core.Estates;
using Lifeline.Core.Expressions;
using Lifeline.Engine.Secrets;

namespace Lifeline.Engine.Scheduling;

/// <summary>
/// Answers the references a channel's settings may use outside a run: <c>secrets.NAME</c>, <c>env.NAME</c>,
/// <c>estate.name</c> and <c>resources.ID.settings.KEY</c> in the given profile.
/// </summary>
internal sealed class EstateExpressionContext(Estate estate, string profile, SecretResolver secrets) : IExpressionContext
{
    public ExpressionValue Resolve(ExpressionReference reference)
    {
        var path = reference.Path;
        switch (reference.Root)
        {
            case ExpressionRoots.Secrets when path.Count == 1:
                var (secret, error) = secrets.Resolve(path[0]);
                return secret is null ? ExpressionValue.Unresolved(error!) : ExpressionValue.Secret(secret);
            case ExpressionRoots.Env when path.Count == 1:
                return secrets.Variable(path[0]);
            case ExpressionRoots.Estate when path.Count == 1 && path[0] == "name":
                return ExpressionValue.Of(estate.Name);
            case ExpressionRoots.Resources when path.Count == 3 && path[1] == "settings":
                var binding = estate.FindResource(path[0])?.BindingFor(profile);
                if (binding is null || !binding.Settings.TryGetValue(path[2], out var template))
                {
                    return ExpressionValue.Unresolved($"resource '{path[0]}' has no setting '{path[2]}' in profile '{profile}'");
                }

                var (text, errors) = ExpressionEvaluator.Resolve(template, this);
                return text is null ? ExpressionValue.Unresolved(string.Join("; ", errors)) : new ExpressionValue(text.Value, text.Value != text.Display, null);
            default:
                return ExpressionValue.Unresolved($"{reference.Text} is not available outside a run");
        }
    }
}
