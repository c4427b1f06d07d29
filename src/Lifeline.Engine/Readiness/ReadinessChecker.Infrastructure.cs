using Lifeline.Core.Estates;

namespace Lifeline.Engine.Readiness;

public sealed partial class ReadinessChecker
{
    /// <summary>
    /// Every DR resource's own probe (its <c>monitor:</c>), except the database replicas and certificates, which the
    /// replication and certificates items judge: one fault, one red item.
    /// </summary>
    private async Task<ReadinessItem> DrInfrastructureAsync(CheckContext context, CancellationToken cancellationToken)
    {
        const string name = "DR infrastructure healthy";
        var resources = context.Estate.Resources
            .Where(r => AtDrSite(context.Estate, r) && r.Monitor is { } m && m.Probe is not "postgres" and not "tls" && r.BindingFor(context.Profile) is not null)
            .ToList();
        if (resources.Count == 0)
        {
            return Item(ReadinessItemKind.DrInfrastructure, name, ReadinessStatus.NotChecked, $"no DR resource besides the database replicas has a probe (monitor:) bound for {context.Profile}");
        }

        var seen = await Task.WhenAll(resources.Select(async r => (Resource: r, Result: await ProbeAsync(context, r, r.Monitor!, cancellationToken))));
        return Verdict(ReadinessItemKind.DrInfrastructure, name, seen.Select(s => Line(s.Resource, s.Result)).ToList());
    }

    private static (ReadinessStatus Status, string Text) Line(Resource resource, (Monitoring.Observation? Seen, string? Problem) result) => result switch
    {
        (null, var problem) => (ReadinessStatus.NotChecked, $"{resource.Id}: cannot probe: {problem}"),
        ({ Healthy: true } seen, _) => (ReadinessStatus.Pass, $"{resource.Id}: healthy ({seen.Detail})"),
        ({ } seen, _) => (ReadinessStatus.Fail, $"{resource.Id}: {(string.IsNullOrEmpty(seen.Detail) ? "unhealthy" : seen.Detail)}"),
    };

    /// <summary>Failed when any line failed; not checked when no line could be checked; the evidence lists the failures first.</summary>
    private ReadinessItem Verdict(ReadinessItemKind kind, string name, IReadOnlyList<(ReadinessStatus Status, string Text)> lines)
    {
        var status = lines.Any(l => l.Status == ReadinessStatus.Fail) ? ReadinessStatus.Fail
            : lines.Any(l => l.Status == ReadinessStatus.Pass) ? ReadinessStatus.Pass
            : ReadinessStatus.NotChecked;
        return Item(kind, name, status, Join(lines.OrderBy(l => l.Status).Select(l => l.Text)));
    }
}
