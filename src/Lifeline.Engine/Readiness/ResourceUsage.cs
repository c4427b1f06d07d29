using Lifeline.Core.PlanFiles;
using Lifeline.Core.Plans;

namespace Lifeline.Engine.Readiness;

/// <summary>
/// The resources an estate relies on: those a plan step acts on, checks, notifies through or sends status updates
/// through, and the monitored ones. An unbound resource outside this set is documentation, not a gap in a plan.
/// With a profile, a plan written for other profiles only (its <c>profiles:</c>, e.g. a production-only plan whose
/// operations have no sandbox counterpart) is left out: it cannot run in that profile, so its resources are not needed there.
/// </summary>
public static class ResourceUsage
{
    public static IReadOnlySet<string> Of(LoadedEstate loaded, string? profile = null)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var plan in loaded.Plans.Where(p => profile is null || p.Profiles.Count == 0 || p.Profiles.Contains(profile, StringComparer.Ordinal)))
        {
            if (plan.StatusUpdates?.Channel is { } updates)
            {
                used.Add(updates);
            }

            foreach (var step in plan.Steps)
            {
                var target = step.Body switch
                {
                    ActionBody action => action.Target,
                    CheckBody check => check.Target,
                    NotifyBody notify => notify.Channel,
                    _ => null,
                };
                if (target is not null)
                {
                    used.Add(target);
                }
            }
        }

        used.UnionWith(loaded.Estate.Resources.Where(r => r.Monitor is not null).Select(r => r.Id));
        return used;
    }
}
