using System.Globalization;
using Lifeline.Engine.Incidents;
using Lifeline.Server.Hosting;
using Lifeline.Server.Readiness;

namespace Lifeline.Server.StatusPage;

/// <summary>
/// The public view: one component per DNS name clients use (each estate's <c>dns-record</c> resources; the estate itself
/// when it has none), degraded by open incidents on that estate (by severity: P1 major outage, P2 partial, P3 degraded)
/// and by the monitor's observations. An incident in <c>monitoring</c> no longer degrades anything. Only incidents'
/// opening, status changes and notes starting with <c>[public]</c> are published; internal notes never are. An incident is
/// private until a responder publishes it with a public title: until then nothing of it reaches this page, not its title,
/// not its existence, not the components it would degrade.
/// Built at most every <see cref="CacheFor"/>, since anyone may poll it.
/// </summary>
internal sealed class StatusPageBuilder(EstateCatalog estates, ServerState state, ResourceHealthBoard health, ServerOptions options, TimeProvider time)
{
    public const string PublicPrefix = "[public]";

    /// <summary>The most recent public updates shown per incident.</summary>
    public const int MaxUpdates = 50;
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _building = new(1, 1);
    private (StatusSummary Summary, DateTimeOffset At)? _cached;

    public async Task<StatusSummary> SummaryAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } hit && time.GetUtcNow() - hit.At < CacheFor)
        {
            return hit.Summary;
        }

        await _building.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } again && time.GetUtcNow() - again.At < CacheFor)
            {
                return again.Summary;
            }

            var summary = await BuildAsync(cancellationToken);
            _cached = (summary, time.GetUtcNow());
            return summary;
        }
        finally
        {
            _building.Release();
        }
    }

    private async Task<StatusSummary> BuildAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        const string pageId = "lifeline";
        var open = new List<Incident>();
        var publicTitles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var incident in (await state.Incidents.ListAsync(cancellationToken)).Where(i => i.Status != IncidentStatus.Resolved))
        {
            if (await state.Incidents.PublicTitleAsync(incident.Id, cancellationToken) is { } title)
            {
                open.Add(incident);
                publicTitles[incident.Id] = title;
            }
        }

        var components = new List<StatusComponent>();
        var incidentComponents = new Dictionary<string, List<StatusComponent>>(StringComparer.Ordinal);
        var position = 1;
        foreach (var name in estates.Names.Order(StringComparer.Ordinal))
        {
            var (loaded, _, _) = estates.Load(name, null, new Dictionary<string, string>());
            var scenarios = loaded?.Plans.Select(p => p.Scenario).ToHashSet(StringComparer.Ordinal) ?? [];
            var affecting = new List<Incident>();
            foreach (var incident in open)
            {
                if ((incident.Scenario is { } s && scenarios.Contains(s)) || await LinkedToAsync(incident, name, cancellationToken))
                {
                    affecting.Add(incident);
                }
            }

            var fromIncidents = affecting.Where(i => i.Status is IncidentStatus.Investigating or IncidentStatus.Mitigating).Select(i => ComponentStatus(i.Severity)).DefaultIfEmpty("operational").MaxBy(Rank)!;
            var resources = loaded?.Estate.Resources.Where(r => r.Kind == "dns-record").ToList() ?? [];
            var parts = resources.Count == 0
                ? [(Id: name, Name: name, Description: loaded?.Estate.Description)]
                : resources.Select(r => (Id: $"{name}.{r.Id}", Name: r.Id, Description: (string?)r.Description)).ToList();
            var group = resources.Count == 0 ? null : new StatusComponent(name, name, "operational", now, now, position++, loaded?.Estate.Description, false, null, null, pageId, true, false, [.. parts.Select(p => p.Id)]);
            var members = new List<StatusComponent>();
            foreach (var part in parts)
            {
                var observed = resources.Count == 0 ? null : health.Latest(name, part.Name)?.Status switch
                {
                    "down" => "major_outage",
                    "degraded" => "degraded_performance",
                    _ => null,
                };
                var status = new[] { fromIncidents, observed ?? "operational" }.MaxBy(Rank)!;
                members.Add(new StatusComponent(part.Id, part.Name, status, now, now, position++, part.Description, false, null, group?.Id, pageId, false, false));
            }

            if (group is not null)
            {
                components.Add(group with { Status = members.Select(m => m.Status).MaxBy(Rank)! });
            }

            components.AddRange(members);
            foreach (var incident in affecting)
            {
                if (!incidentComponents.TryGetValue(incident.Id, out var list))
                {
                    incidentComponents[incident.Id] = list = [];
                }

                list.AddRange(members);
            }
        }

        var incidents = new List<StatusIncident>();
        foreach (var incident in open.OrderByDescending(i => i.OpenedAt))
        {
            incidents.Add(await PublicIncidentAsync(incident, publicTitles[incident.Id], pageId, incidentComponents.GetValueOrDefault(incident.Id) ?? [], cancellationToken));
        }

        var worst = components.Select(c => c.Status).DefaultIfEmpty("operational").MaxBy(Rank)!;
        var indicator = worst switch
        {
            "major_outage" => new StatusIndicator("critical", "Major System Outage"),
            "partial_outage" => new StatusIndicator("major", "Partial System Outage"),
            "degraded_performance" => new StatusIndicator("minor", "Minor Service Outage"),
            _ => new StatusIndicator("none", "All Systems Operational"),
        };
        return new StatusSummary(new StatusPageInfo(pageId, options.StatusPageName, "/status", "Etc/UTC", now), indicator, components, incidents, []);
    }

    private async Task<bool> LinkedToAsync(Incident incident, string estate, CancellationToken cancellationToken)
    {
        foreach (var runId in incident.Runs)
        {
            if ((await state.Store.GetRunAsync(runId, cancellationToken))?.EstateName == estate)
            {
                return true;
            }
        }

        return false;
    }

    private async Task<StatusIncident> PublicIncidentAsync(Incident incident, string publicTitle, string pageId, IReadOnlyList<StatusComponent> affected, CancellationToken cancellationToken)
    {
        var status = IncidentStatusName(incident.Status);
        var view = await state.Incidents.ViewAsync(incident.Id, cancellationToken);
        var updates = new List<StatusIncidentUpdate>();
        var current = "investigating";
        foreach (var item in view?.Timeline.Where(t => t.Source == "incident") ?? [])
        {
            string? body = item.Kind switch
            {
                nameof(IncidentEntryKind.Opened) => $"Investigating: {Short(publicTitle, Apis.BodyLimits.Title)}",
                nameof(IncidentEntryKind.StatusChanged) => StatusChange(item.Text, ref current),
                nameof(IncidentEntryKind.Note) when item.Text.StartsWith(PublicPrefix, StringComparison.Ordinal) => Short(item.Text[PublicPrefix.Length..].Trim(), Apis.BodyLimits.Text),
                _ => null,
            };
            if (body is not null)
            {
                var id = $"{incident.Id}-{(item.Sequence ?? 0).ToString(CultureInfo.InvariantCulture)}";
                updates.Add(new StatusIncidentUpdate(id, current, body, incident.Id, item.At, item.At, item.At, false));
            }
        }

        updates.Reverse();
        if (updates.Count > MaxUpdates)
        {
            updates.RemoveRange(MaxUpdates, updates.Count - MaxUpdates);
        }
        var monitoringAt = view?.Timeline.LastOrDefault(t => t.Source == "incident" && t.Kind == nameof(IncidentEntryKind.StatusChanged) && t.Text.EndsWith("monitoring", StringComparison.Ordinal))?.At;
        var updatedAt = updates.Count > 0 ? updates[0].CreatedAt : incident.OpenedAt;
        return new StatusIncident(
            incident.Id, Short(publicTitle, Apis.BodyLimits.Title), status, incident.OpenedAt, updatedAt, monitoringAt, incident.ResolvedAt, Impact(incident.Severity),
            $"/status#{incident.Id}", incident.OpenedAt, pageId, updates, affected);
    }

    // Anyone may fetch this page: text stored before lengths were limited (or by the CLI) is cut, never published whole.
    private static string Short(string text, int limit) => text.Length <= limit ? text : text[..limit] + "…";

    private static string StatusChange(string text, ref string current)
    {
        // Entries read "status investigating → mitigating".
        var to = text[(text.LastIndexOf(' ') + 1)..];
        current = to switch
        {
            "mitigating" => "identified",
            "monitoring" => "monitoring",
            "resolved" => "resolved",
            _ => "investigating",
        };
        return current switch
        {
            "identified" => "The issue has been identified and recovery is under way.",
            "monitoring" => "Service has been restored; we are monitoring.",
            "resolved" => "This incident has been resolved.",
            _ => "We are investigating.",
        };
    }

    private static string IncidentStatusName(IncidentStatus status) => status switch
    {
        IncidentStatus.Mitigating => "identified",
        IncidentStatus.Monitoring => "monitoring",
        IncidentStatus.Resolved => "resolved",
        _ => "investigating",
    };

    private static string ComponentStatus(string severity) => severity.ToUpperInvariant() switch
    {
        "P1" => "major_outage",
        "P2" => "partial_outage",
        "P3" => "degraded_performance",
        _ => "operational",
    };

    private static string Impact(string severity) => severity.ToUpperInvariant() switch
    {
        "P1" => "critical",
        "P2" => "major",
        "P3" => "minor",
        _ => "none",
    };

    private static int Rank(string status) => status switch
    {
        "major_outage" => 3,
        "partial_outage" => 2,
        "degraded_performance" => 1,
        _ => 0,
    };
}
