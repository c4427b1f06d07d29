using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Monitoring;
using Lifeline.Engine.Runs;

namespace Lifeline.Engine.Fencing;

/// <summary>
/// Every round, checks that each database cluster has exactly one writable primary. The legitimate one is the member
/// promoted under the newest epoch, whatever the rest of its run did (else the one at the primary site). Every other
/// writable member is fenced at once, with a fence that holds (demote unless <c>monitor.with.fence</c> names another),
/// and a P1 is raised. The legitimate member is never fenced, and nothing is brought back: a fenced member rejoins
/// only through an explicit reprotect step.
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

        var legitimate = await LegitimateAsync(databases, cancellationToken);
        var verdict = SplitBrainVerdict.Decide([.. writable.Select(w => w.Resource)], legitimate?.Resource);
        var names = string.Join(", ", writable.Select(w => w.Resource));
        if (verdict.Unclear)
        {
            if (_fencedThisEpisode.Add("?" + names))
            {
                await RaiseAsync($"Split brain: {names} are all writable and none is the known primary; fence one by hand", null, now, cancellationToken);
            }

            return;
        }

        var halfFinished = legitimate!.Promotion is { } promotion ? await HalfFinishedAsync(promotion, cancellationToken) : "";
        foreach (var zombie in writable.Where(w => verdict.Fence.Contains(w.Resource) && !_fencedThisEpisode.Contains(w.Resource)))
        {
            _fencedThisEpisode.Add(zombie.Resource);
            var result = await FenceAsync(zombie, cancellationToken);
            await RaiseAsync($"Split brain: {zombie.Resource} came back writable beside primary {legitimate.Resource} ({legitimate.Why}); {result}{halfFinished}", zombie.Resource, now, cancellationToken);
        }
    }

    private async Task<LegitimatePrimary?> LegitimateAsync(IReadOnlyList<ProbeCall> databases, CancellationToken cancellationToken)
    {
        var estate = monitor.Options.Estate.Estate;
        var promotion = await monitor.RunStore.LatestPromotionAsync(estate.Name, monitor.Options.Profile, cancellationToken);
        var failovers = await monitor.Store.FailoversAsync(estate.Name, cancellationToken);
        var primarySites = estate.Sites.Where(s => s.Role == "primary").Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        return LegitimatePrimary.Resolve(
            promotion,
            failovers.LastOrDefault(f => f.Primary is not null)?.Primary,
            databases.FirstOrDefault(d => primarySites.Contains(d.Site))?.Resource);
    }

    /// <summary>When the promoting run failed or was aborted afterwards, the P1 says so and where to find the next action.</summary>
    private async Task<string> HalfFinishedAsync(PromotionRecord promotion, CancellationToken cancellationToken) =>
        await monitor.RunStore.GetRunAsync(promotion.RunId, cancellationToken) is { Status: RunStatus.Failed or RunStatus.Aborted } run
            ? $"; the failover is half-finished: run {run.Id} {run.Status.ToString().ToLowerInvariant()} after promoting {promotion.Resource}, which stays the primary; next: retry the failover or fail back deliberately (lifeline runs show {run.Id})"
            : "";

    private async Task<string> FenceAsync(ProbeCall zombie, CancellationToken cancellationToken)
    {
        var named = monitor.Options.Estate.Estate.FindResource(zombie.Resource)?.Monitor?.With.GetValueOrDefault("fence");
        var method = named is null ? FenceMethods.Default : FenceMethods.Parse(named);
        if (method is null)
        {
            return $"NOT fenced: {FenceMethods.Expected(named!)}";
        }

        if (monitor.Providers.Implementation(zombie.Provider) is not { } provider)
        {
            return $"NOT fenced: provider '{zombie.Provider}' cannot act here";
        }

        var epoch = await monitor.RunStore.LatestEpochAsync(monitor.Options.Estate.Estate.Name, monitor.Options.Profile, cancellationToken);
        var log = new CollectingLog();
        var context = new StepContext("watchdog", "fence-" + zombie.Resource, 1, epoch, monitor.Options.Mode, log);
        var inputs = new Dictionary<string, string> { ["method"] = method.Value.Name() };
        var outcome = await provider.ExecuteAsync(new OperationRequest(Operations.Database.Fence.Name, zombie.Resource, zombie.Settings, inputs, context), cancellationToken);
        var text = Describe(outcome, method.Value, epoch);
        monitor.Emit(MonitorEventKind.Fenced, $"{zombie.Resource} {text}{(log.Lines.Count > 0 ? ": " + string.Join("; ", log.Lines) : "")}", resource: zombie.Resource);
        await monitor.AuditAsync("watchdog.fence", $"{Operations.Database.Fence.Name} {zombie.Resource} method={method.Value.Name()} epoch={epoch}: {text}", null, null, cancellationToken);
        return text;
    }

    internal static string Describe(OperationOutcome outcome, FenceMethod method, long epoch) =>
        !outcome.Succeeded ? $"fencing FAILED ({method.Name()}): {outcome.Error}"
        : outcome.Outputs.GetValueOrDefault("fenced") != "true" ? $"NOT fenced ({method.Name()}, epoch {epoch}): {outcome.Outputs.GetValueOrDefault("evidence", "no verification")}"
        : $"fenced ({method.Name()}, epoch {epoch}, {(outcome.Outputs.GetValueOrDefault("verified") == "true" ? "verified" : "not verified")})";

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
