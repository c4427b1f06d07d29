using Lifeline.Core.PlanFiles;
using Lifeline.Core.Plans;
using Lifeline.Core.Providers;
using Lifeline.Server.Apis;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Server.Readiness;

/// <summary>
/// Whether every fence the estate relies on (plan steps and the split-brain watchdog) holds against any client, and
/// can be carried out with the binding it has: found before the outage, not during it.
/// </summary>
internal static class FenceReadiness
{
    public static ReadinessCheck Evaluate(LoadedEstate loaded, string profile)
    {
        var problems = new List<string>();
        var fences = 0;
        foreach (var plan in loaded.Plans)
        {
            foreach (var step in plan.Steps)
            {
                if (step.Body is ActionBody fence && fence.Operation == Operations.Database.Fence.Name)
                {
                    fences++;
                    Check(loaded, profile, fence.Target, fence.With.GetValueOrDefault("method"), $"{plan.Scenario}/{step.Id}", problems);
                }
            }
        }

        foreach (var resource in loaded.Estate.Resources.Where(r => r.Monitor?.Probe == "postgres"))
        {
            fences++;
            Check(loaded, profile, resource.Id, resource.Monitor!.With.GetValueOrDefault("fence"), $"watchdog on {resource.Id}", problems);
        }

        return new("fences hold", problems.Count == 0 ? "pass" : "fail", problems.Count == 0 ? $"{fences} fence(s), every one holds" : string.Join("\n", problems));
    }

    private static void Check(LoadedEstate loaded, string profile, string? target, string? named, string where, List<string> problems)
    {
        if (named is not null && named.Contains("${{", StringComparison.Ordinal))
        {
            return;
        }

        var method = named is null ? FenceMethods.Default : FenceMethods.Parse(named);
        if (method is null)
        {
            problems.Add($"{where}: {FenceMethods.Expected(named!)}");
            return;
        }

        if (!method.Value.Holds())
        {
            problems.Add($"{where}: method advisory is weak: a client's BEGIN READ WRITE still writes; use demote, stop or block");
            return;
        }

        var binding = target is null ? null : loaded.Estate.FindResource(target)?.BindingFor(profile);
        if (binding is { Provider: "postgres" } && !binding.Settings.ContainsKey("data-dir"))
        {
            problems.Add($"{where}: method {method.Value.Name()} needs host access to {target}: its {profile} binding has no 'data-dir' setting");
        }
    }
}
