using System.Collections.Concurrent;

namespace Lifeline.Server.Readiness;

/// <summary>
/// The latest health of every resource from every vantage point, as the monitor reports it. The board is the seam
/// between the monitor (<c>serve --monitor</c>, <see cref="Monitoring.MonitorHost"/>) and the readiness API, the
/// dashboard and the status page, which read it. Until something reports, every resource is <c>unknown</c>.
/// </summary>
public sealed class ResourceHealthBoard
{
    private readonly ConcurrentDictionary<(string Estate, string Resource, string Vantage), ResourceObservation> _latest = new();

    public void Report(ResourceObservation observation) => _latest[(observation.Estate, observation.ResourceId, observation.Vantage)] = observation;

    /// <summary>
    /// The resource's health over every vantage point: the freshest observation, <c>degraded</c> when the vantage points
    /// disagree (one sees it down, another healthy), null when nobody observed it.
    /// </summary>
    public ResourceObservation? Latest(string estate, string resourceId)
    {
        var seen = ByVantage(estate, resourceId);
        if (seen.Count == 0)
        {
            return null;
        }

        var freshest = seen.MaxBy(o => o.At)!;
        var statuses = seen.Select(o => o.Status).Distinct(StringComparer.Ordinal).ToList();
        return statuses.Count == 1 ? freshest : freshest with { Status = "degraded", Detail = string.Join("; ", seen.Select(o => $"{o.Vantage}: {o.Status}")) };
    }

    /// <summary>The latest observation of the resource from each vantage point, by vantage name.</summary>
    public IReadOnlyList<ResourceObservation> ByVantage(string estate, string resourceId) =>
        [.. _latest.Where(p => p.Key.Estate == estate && p.Key.Resource == resourceId).Select(p => p.Value).OrderBy(o => o.Vantage, StringComparer.Ordinal)];

    /// <summary>Every observation of an estate, by resource then vantage point.</summary>
    public IReadOnlyList<ResourceObservation> All(string estate) =>
        [.. _latest.Where(p => p.Key.Estate == estate).Select(p => p.Value).OrderBy(o => o.ResourceId, StringComparer.Ordinal).ThenBy(o => o.Vantage, StringComparer.Ordinal)];
}
