using Lifeline.Core.Diagnostics;
using Lifeline.Core.Estates;
using Lifeline.Core.Expressions;

namespace Lifeline.Core.PlanFiles;

/// <summary>
/// Checks the <c>${{ … }}</c> references in one string: known root, well-formed path, and that what it names exists
/// (a resource's setting, a run field). Step references are judged by the plan, which knows the DAG.
/// </summary>
internal sealed class ExpressionChecker(Estate estate, IReadOnlyList<string> profiles, DiagnosticList diagnostics)
{
    public static readonly IReadOnlyList<string> EstateFields = ["name", "description"];

    /// <param name="site">The string and where it was written.</param>
    /// <param name="inPlan">Plans may use steps (inputs are substituted before this runs); estate settings may not.</param>
    /// <param name="steps">Judges a <c>steps.…</c> reference: null when fine, else the message and what was expected.</param>
    public void Check(TextSite site, bool inPlan, Func<ExpressionReference, (string Message, string Expected)?>? steps)
    {
        foreach (var (reference, error) in ExpressionScanner.Scan(site.Text))
        {
            if (reference is null)
            {
                diagnostics.Error(site.Location, error!, "${{ root.name }} with root " + string.Join(", ", ExpressionRoots.All));
                continue;
            }

            var problem = Judge(reference, inPlan, steps);
            if (problem is { } p)
            {
                diagnostics.Error(site.Location, $"{reference.Text}: {p.Message}", p.Expected);
            }
        }
    }

    private (string Message, string Expected)? Judge(ExpressionReference reference, bool inPlan, Func<ExpressionReference, (string, string)?>? steps)
    {
        var path = reference.Path;
        switch (reference.Root)
        {
            case ExpressionRoots.Secrets:
                return path.Count == 1 ? null : ("a secret reference names one secret", "secrets.NAME");
            case ExpressionRoots.Env:
                return path.Count == 1 ? null : ("an environment reference names one variable", "env.NAME");
            case ExpressionRoots.Inputs:
                return inPlan ? null : ("inputs are only available in plans", "secrets.NAME or env.NAME in estate settings");
            case ExpressionRoots.Run:
                if (path.Count == 1 && ExpressionRoots.RunFields.Contains(path[0]))
                {
                    return null;
                }

                var field = path.Count > 0 ? path[0] : "";
                return ($"unknown run field '{string.Join('.', path)}'{Suggestions.DidYouMean(field, ExpressionRoots.RunFields)}", "run." + string.Join("|", ExpressionRoots.RunFields));
            case ExpressionRoots.Estate:
                return path.Count == 1 && EstateFields.Contains(path[0])
                    ? null
                    : ($"unknown estate field '{string.Join('.', path)}'", "estate." + string.Join("|", EstateFields));
            case ExpressionRoots.Resources:
                return JudgeResource(path);
            case ExpressionRoots.Steps:
                if (!inPlan)
                {
                    return ("step outputs are not available in estate settings", "secrets.NAME, env.NAME or run.FIELD");
                }

                return path.Count == 3 && path[1] == "outputs" ? steps?.Invoke(reference) : ("a step reference names a step's output", "steps.STEP.outputs.NAME");
            default:
                return ($"unknown root '{reference.Root}'{Suggestions.DidYouMean(reference.Root, ExpressionRoots.All)}", ShapeText.OneOf(ExpressionRoots.All));
        }
    }

    private (string Message, string Expected)? JudgeResource(IReadOnlyList<string> path)
    {
        if (path.Count != 3 || path[1] != "settings")
        {
            return ("a resource reference names one setting", "resources.RESOURCE.settings.NAME");
        }

        var resource = estate.FindResource(path[0]);
        if (resource is null)
        {
            var ids = estate.Resources.Select(r => r.Id).ToList();
            return ($"unknown resource '{path[0]}'{Suggestions.DidYouMean(path[0], ids)}", "a resource declared in the estate");
        }

        foreach (var profile in profiles)
        {
            var binding = resource.BindingFor(profile);
            if (binding is not null && !binding.Settings.ContainsKey(path[2]))
            {
                return ($"resource '{resource.Id}' has no setting '{path[2]}' for profile '{profile}'{Suggestions.DidYouMean(path[2], binding.Settings.Keys)}",
                    binding.Settings.Count == 0 ? "a setting in the binding" : ShapeText.OneOf(binding.Settings.Keys));
            }
        }

        return null;
    }
}
