using Lifeline.Engine.Incidents;
using Lifeline.Engine.Monitoring;

namespace Lifeline.Engine.Detection;

/// <summary>
/// Classifies an outage by its impact, with the MedZen table: every critical resource of the site down is a complete
/// outage (P1); some critical resources down is a partial outage (P2); only non-critical resources down is degraded
/// service (P3); anything else is a minor issue (P4).
/// </summary>
public static class SeverityClassifier
{
    public static SeverityLevel Classify(IReadOnlyList<ProbeCall> calls, ObservationWindow window, string site)
    {
        var atSite = calls.Where(c => c.Site == site).ToList();
        var down = atSite.Where(c => window.Latest(c.Resource) is { Healthy: false }).ToList();
        var critical = atSite.Where(c => c.Critical).ToList();
        var name = critical.Count > 0 && critical.All(down.Contains) ? "P1"
            : down.Any(c => c.Critical) ? "P2"
            : down.Count > 0 ? "P3"
            : "P4";
        return SeverityLevel.Find(name)!;
    }
}
