using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Monitoring;

namespace Lifeline.Engine.Fencing;

/// <summary>
/// Every round, checks that each database cluster has exactly one writable primary. When an old primary comes back
/// writable beside the legitimate one (the last failover's promoted database, else the one at the primary site), it is
/// fenced at once and a P1 is raised. It is never brought back: it rejoins only through an explicit reprotect step.
/// </summary>
internal sealed class SplitBrainWatchdog(MonitorService monitor)
{
    private readonly HashSet<string> _fencedThisEpisode = new(StringComparer.Ordinal);

    public async Task CheckAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var options = monitor.Options;
        var databases = monitor.Calls.Where(c => c.Kind == "postgres").ToList();
        if (databases.Count < 2)
        {
            return;
        }

        var writable = databases
            .Where(d => monitor.Window.Latest(d.Resource, options.Vantage) is { Healthy: true } o && now - o.At <= options.Freshness && o.Field("writable") == "true")
            .ToList();
        _fencedThisEpisode.RemoveWhere(resource => writable.All(w => w.Resource != resource));
        if (writable.Count < 2)
        {
            return;
        }

        var legitimate = await LegitimatePrimaryAsync(databases, cancellationToken);
        var names = string.Join(", ", writable.Select(w => w.Resource));
        if (legitimate is null || writable.All(w => w.Resource != legitimate))
        {
            // Without knowing which one is legitimate, fencing could stop the only good primary: a person decides.
            if (_fencedThisEpisode.Add("?" + names))
            {
                await RaiseAsync($"Split brain: {names} are all writable and none is the known primary; fence one by hand", null, now, cancellationToken);
            }

            return;
        }

        foreach (var zombie in writable.Where(w => w.Resource != legitimate && !_fencedThisEpisode.Contains(w.Resource)))
        {
            _fencedThisEpisode.Add(zombie.Resource);
            var result = await FenceAsync(zombie, cancellationToken);
            await RaiseAsync($"Split brain: {zombie.Resource} came back writable beside primary {legitimate}; {result}", zombie.Resource, now, cancellationToken);
        }
    }

    private async Task<string?> LegitimatePrimaryAsync(IReadOnlyList<ProbeCall> databases, CancellationToken cancellationToken)
    {
        var estate = monitor.Options.Estate.Estate;
        var failovers = await monitor.Store.FailoversAsync(estate.Name, cancellationToken);
        if (failovers.LastOrDefault(f => f.Primary is not null) is { } last)
        {
            return last.Primary;
        }

        var primarySites = estate.Sites.Where(s => s.Role == "primary").Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        return databases.FirstOrDefault(d => primarySites.Contains(d.Site))?.Resource;
    }

    private async Task<string> FenceAsync(ProbeCall zombie, CancellationToken cancellationToken)
    {
        var method = monitor.Options.Estate.Estate.FindResource(zombie.Resource)?.Monitor?.With.GetValueOrDefault("fence") ?? "read-only";
        if (monitor.Providers.Implementation(zombie.Provider) is not { } provider)
        {
            return $"NOT fenced: provider '{zombie.Provider}' cannot act here";
        }

        var epoch = await monitor.RunStore.LatestEpochAsync(monitor.Options.Estate.Estate.Name, monitor.Options.Profile, cancellationToken);
        var log = new CollectingLog();
        var context = new StepContext("watchdog", "fence-" + zombie.Resource, 1, epoch, monitor.Options.Mode, log);
        var inputs = new Dictionary<string, string> { ["method"] = method };
        var outcome = await provider.ExecuteAsync(new OperationRequest(Operations.Database.Fence.Name, zombie.Resource, zombie.Settings, inputs, context), cancellationToken);
        var text = outcome.Succeeded ? $"fenced ({method}, epoch {epoch})" : $"fencing FAILED: {outcome.Error}";
        monitor.Emit(MonitorEventKind.Fenced, $"{zombie.Resource} {text}{(log.Lines.Count > 0 ? ": " + string.Join("; ", log.Lines) : "")}", resource: zombie.Resource);
        await monitor.AuditAsync("watchdog.fence", $"database.fence {zombie.Resource} method={method} epoch={epoch}: {text}", null, null, cancellationToken);
        return text;
    }

    private async Task RaiseAsync(string title, string? resource, DateTimeOffset now, CancellationToken cancellationToken)
    {
        monitor.Emit(MonitorEventKind.SplitBrain, title, resource: resource);
        var (incident, _) = await monitor.Incidents.OpenAsync(title, "P1", null, MonitorOptions.Actor, null, false, now, cancellationToken);
        await monitor.AuditAsync("watchdog.split-brain", title, null, incident?.Id, cancellationToken);
    }

    private sealed class CollectingLog : IStepLog
    {
        public List<string> Lines { get; } = [];

        public void Write(string line)
        {
            lock (Lines)
            {
                Lines.Add(line);
            }
        }
    }
}
