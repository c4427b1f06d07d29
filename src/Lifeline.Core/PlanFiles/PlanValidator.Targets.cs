using System.Globalization;
using Lifeline.Core.Diagnostics;
using Lifeline.Core.Expressions;
using Lifeline.Core.Plans;
using Lifeline.Core.Providers;
using Lifeline.Core.Time;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Core.PlanFiles;

internal sealed partial class PlanValidator
{
    /// <summary>The provider an action or check reaches under each checked profile (through its target's binding, or the vocabulary's untargeted provider).</summary>
    private IEnumerable<(string Profile, ProviderDescriptor Provider)> Providers(StepSyntax step)
    {
        if (step.Body is not (ActionBody or CheckBody) || step.Operation is null)
        {
            yield break;
        }

        if (step.Target is null)
        {
            if (Untargeted(step.Operation.Name) is { } direct)
            {
                yield return ("*", direct);
            }

            yield break;
        }

        var resource = estate.FindResource(step.Target.Name);
        foreach (var profile in profiles)
        {
            if (resource?.BindingFor(profile) is { } binding && catalog.Find(binding.Provider) is { } provider)
            {
                yield return (profile, provider);
            }
        }
    }

    private ProviderDescriptor? Untargeted(string operation) =>
        Operations.UntargetedProvider(operation) is { } name ? catalog.Find(name) : null;

    private void CheckTarget(StepSyntax step)
    {
        if (step.Body is not (ActionBody or CheckBody) || step.Operation is null)
        {
            return;
        }

        var kind = step.Body is ActionBody ? "action" : "check";
        if (step.Target is null)
        {
            if (Untargeted(step.Operation.Name) is null)
            {
                diagnostics.Error(step.Operation.Location, $"{kind} '{step.Operation.Name}' needs a target", "target: a resource id, or an operation that needs none (e.g. http.get with a url)");
            }
        }
        else if (estate.FindResource(step.Target.Name) is not { } resource)
        {
            var ids = estate.Resources.Select(r => r.Id).ToList();
            diagnostics.Error(step.Target.Location, $"unknown resource '{step.Target.Name}'{Suggestions.DidYouMean(step.Target.Name, ids)}", "a resource declared in the estate");
        }
        else
        {
            foreach (var profile in profiles.Where(p => resource.BindingFor(p) is null))
            {
                diagnostics.Error(step.Target.Location, $"resource '{resource.Id}' has no binding for profile '{profile}'", $"resources.{resource.Id}.bindings.{profile} in the estate");
            }
        }

        foreach (var (profile, provider) in Providers(step))
        {
            CheckOperation(step, kind, profile, provider);
        }
    }

    private void CheckOperation(StepSyntax step, string kind, string profile, ProviderDescriptor provider)
    {
        var name = step.Operation!.Name;
        IReadOnlyList<ParameterDescriptor> inputs;
        if (step.Body is ActionBody)
        {
            var operation = provider.FindOperation(name);
            if (operation is null)
            {
                var names = provider.Operations.Select(o => o.Name).ToList();
                diagnostics.Error(step.Operation.Location, $"provider '{provider.Name}'{For(profile)} has no operation '{name}'{Suggestions.DidYouMean(name, names)}", names.Count == 0 ? "a provider with operations" : ShapeText.OneOf(names));
                return;
            }

            inputs = operation.Inputs;
        }
        else
        {
            var probe = provider.FindProbe(name);
            if (probe is null)
            {
                var names = provider.Probes.Select(p => p.Name).ToList();
                diagnostics.Error(step.Operation.Location, $"provider '{provider.Name}'{For(profile)} has no probe '{name}'{Suggestions.DidYouMean(name, names)}", names.Count == 0 ? "a provider with probes" : ShapeText.OneOf(names));
                return;
            }

            inputs = probe.Inputs;
            if (probe.Fields.Count > 0)
            {
                foreach (var field in step.Expect)
                {
                    if (probe.FindField(field.Key) is { } observed)
                    {
                        CheckExpectation(name, observed, field);
                    }
                    else
                    {
                        diagnostics.Error(field.KeyLocation, $"probe '{name}' observes no field '{field.Key}'{Suggestions.DidYouMean(field.Key, probe.FieldNames)}", ShapeText.OneOf(probe.FieldNames));
                    }
                }
            }
        }

        CheckSettings(step, profile, provider, name);
        CheckExecutes(step, profile, provider);
        foreach (var missing in inputs.Where(i => i.IsRequired && step.With.All(w => w.Key != i.Name)))
        {
            diagnostics.Error(step.Operation.Location, $"{kind} '{name}' needs input '{missing.Name}'", $"with: {{ {missing.Name}: ... }} ({missing.Description})");
        }

        foreach (var entry in step.With)
        {
            var input = inputs.FirstOrDefault(i => i.Name == entry.Key);
            if (input is null)
            {
                var names = inputs.Select(i => i.Name).ToList();
                diagnostics.Error(entry.KeyLocation, $"{kind} '{name}' has no input '{entry.Key}'{Suggestions.DidYouMean(entry.Key, names)}", names.Count == 0 ? "no inputs" : ShapeText.OneOf(names));
            }
            else if (!ExpressionScanner.ContainsExpression(entry.Value) && TypeProblem(input.Type, entry.Value) is { } expected)
            {
                diagnostics.Error(entry.ValueLocation, $"input '{entry.Key}' of '{name}' is '{entry.Value}'", expected);
            }
        }
    }

    private static string For(string profile) => profile == "*" ? "" : $" (profile '{profile}')";

    private static string? TypeProblem(ParameterType type, string value) => type switch
    {
        ParameterType.Integer when !long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) => "a whole number",
        ParameterType.Boolean when value is not ("true" or "false") => "true or false",
        ParameterType.Duration when !DurationText.TryParse(value, out _) => DurationText.Expected,
        ParameterType.Url when !Uri.TryCreate(value, UriKind.Absolute, out _) => "an absolute URL",
        _ => null,
    };
}
