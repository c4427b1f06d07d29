using System.Collections.Concurrent;

namespace Lifeline.Server.Readiness;

/// <summary>
/// The latest health of every resource, as the monitor reports it. The board is the seam between the monitor (a hosted
/// service that probes resources from several vantage points, not built yet) and the readiness API, the dashboard and the
/// status page, which read it. Until something reports, every resource is <c>unknown</c>.
/// </summary>
public sealed class ResourceHealthBoard
{
    private readonly ConcurrentDictionary<(string Estate, string Resource), ResourceObservation> _latest = new();

    public void Report(ResourceObservation observation) => _latest[(observation.Estate, observation.ResourceId)] = observation;

    public ResourceObservation? Latest(string estate, string resourceId) => _latest.GetValueOrDefault((estate, resourceId));
}
