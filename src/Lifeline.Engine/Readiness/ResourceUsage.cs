using Lifeline.Core.PlanFiles;
using Lifeline.Core.Plans;

namespace Lifeline.Engine.Readiness;

/// <summary>
/// The resources an estate relies on: those a plan step acts on, checks, notifies through or sends status updates
/// through, and the monitored ones. An unbound resource outside this set is documentation, not a gap in a plan.
/// </summary>
public static class ResourceUsage
{
    public static IReadOnlySet<string> Of(LoadedEstate loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var plan in loaded.Plans)
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
