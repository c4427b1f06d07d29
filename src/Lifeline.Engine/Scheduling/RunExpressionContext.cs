using Lifeline.Core.Expressions;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Engine.Scheduling;

/// <summary>Answers <c>${{ … }}</c> references from a run's live state.</summary>
internal sealed class RunExpressionContext(RunSession session) : IExpressionContext
{
    public ExpressionValue Resolve(ExpressionReference reference)
    {
        var path = reference.Path;
        switch (reference.Root)
        {
            case ExpressionRoots.Steps when path.Count == 3 && path[1] == "outputs":
                if (!session.Outputs.TryGetValue(path[0], out var outputs))
                {
                    return ExpressionValue.Unresolved($"{reference.Text}: step '{path[0]}' has not produced outputs");
                }

                return outputs.TryGetValue(path[2], out var output)
                    ? ExpressionValue.Of(output)
                    : ExpressionValue.Unresolved($"{reference.Text}: step '{path[0]}' has no output '{path[2]}' (it has: {string.Join(", ", outputs.Keys)})");
            case ExpressionRoots.Secrets when path.Count == 1:
                var (secret, error) = session.Secrets.Resolve(path[0]);
                return secret is null ? ExpressionValue.Unresolved(error!) : ExpressionValue.Secret(secret);
            case ExpressionRoots.Env when path.Count == 1:
                return session.Secrets.Variable(path[0]);
            case ExpressionRoots.Inputs when path.Count == 1:
                return InputValue(path[0]) is { } input
                    ? ExpressionValue.Of(input)
                    : ExpressionValue.Unresolved($"input '{path[0]}' has no value");
            case ExpressionRoots.Run when path.Count == 1:
                return RunField(path[0]);
            case ExpressionRoots.Estate when path.Count == 1 && path[0] == "name":
                return ExpressionValue.Of(session.Estate.Name);
            case ExpressionRoots.Resources when path.Count == 3 && path[1] == "settings":
                return ResourceSetting(path[0], path[2]);
            default:
                return ExpressionValue.Unresolved($"{reference.Text} is not a reference Lifeline understands");
        }
    }

    private string? InputValue(string name)
    {
        return session.Inputs.TryGetValue(name, out var value)
            ? value
            : session.Plan.Inputs.FirstOrDefault(i => i.Name == name)?.Default;
    }

    private ExpressionValue RunField(string field) => field switch
    {
        "id" => ExpressionValue.Of(session.Run.Id),
        "mode" => ExpressionValue.Of(WireName.Of(session.Run.Mode)),
        "profile" => ExpressionValue.Of(session.Run.Profile),
        "scenario" => ExpressionValue.Of(session.Run.Scenario),
        "started_at" => ExpressionValue.Of(session.Run.StartedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
        "clock_start" => ExpressionValue.Of(session.Run.ClockStart.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
        "epoch" => ExpressionValue.Of(session.Run.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        _ => ExpressionValue.Unresolved($"run.{field} is not a run field"),
    };

    private ExpressionValue ResourceSetting(string resourceId, string key)
    {
        var binding = session.Estate.FindResource(resourceId)?.BindingFor(session.Run.Profile);
        if (binding is null || !binding.Settings.TryGetValue(key, out var template))
        {
            return ExpressionValue.Unresolved($"resource '{resourceId}' has no setting '{key}' in profile '{session.Run.Profile}'");
        }

        var (text, errors) = ExpressionEvaluator.Resolve(template, this);
        return text is null ? ExpressionValue.Unresolved(string.Join("; ", errors)) : new ExpressionValue(text.Value, text.Value != text.Display, null);
    }
}
