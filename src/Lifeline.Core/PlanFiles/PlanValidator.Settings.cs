using Lifeline.Core.Providers;

namespace Lifeline.Core.PlanFiles;

internal sealed partial class PlanValidator
{
    private readonly HashSet<(string Resource, string Profile, string Setting)> _reportedSettings = [];

    /// <summary>
    /// A binding that lacks a setting the step's operation cannot run without would fail only at run time, possibly
    /// mid-failover; it is reported at the binding (where the fix goes), naming the first step that needs it.
    /// </summary>
    private void CheckSettings(StepSyntax step, string profile, ProviderDescriptor provider, string operation)
    {
        if (step.Target is null || estate.FindResource(step.Target.Name) is not { } resource || resource.BindingFor(profile) is not { } binding)
        {
            return;
        }

        foreach (var setting in provider.RequiredSettings(operation))
        {
            if (binding.Settings.TryGetValue(setting.Name, out var value) && value.Length > 0)
            {
                continue;
            }

            if (_reportedSettings.Add((resource.Id, profile, setting.Name)))
            {
                diagnostics.Error(
                    binding.Location,
                    $"binding '{profile}' of resource '{resource.Id}' (provider '{provider.Name}') has no setting '{setting.Name}', which '{operation}' needs (step '{step.Id}' at {step.Operation!.Location})",
                    $"settings: {{ {setting.Name}: ... }} ({setting.Description})");
            }
        }
    }

    /// <summary>
    /// At <c>validate --profile P</c>, a step whose provider under P can only be described (the AWS family in this
    /// build) validates and dry-runs, but a live run stops at it: worth knowing before the day it is needed.
    /// </summary>
    private void CheckExecutes(StepSyntax step, string profile, ProviderDescriptor provider)
    {
        if (describeWarnings && !provider.CanExecute)
        {
            diagnostics.Warning(
                step.Operation!.Location,
                $"step '{step.Id}': provider '{provider.Name}'{For(profile)} only describes '{step.Operation.Name}' in this build; a {profile} run stops at this step",
                "a provider that executes here (see lifeline providers), or dry-run only");
        }
    }
}
