using System.Globalization;
using Lifeline.Core.Estates;
using Lifeline.Core.Time;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Engine.Readiness;

public sealed partial class ReadinessChecker
{
    /// <summary>
    /// Every database in the DR region is a standby, streaming, and behind by no more than its data class's RPO: the
    /// runbook's "database replication active with lag &lt; 15 minutes".
    /// </summary>
    private async Task<ReadinessItem> ReplicationAsync(CheckContext context, CancellationToken cancellationToken)
    {
        const string name = "Replication active within RPO";
        var replicas = context.Estate.Resources.Where(r => r.Kind == "database" && AtDrSite(context.Estate, r)).ToList();
        if (replicas.Count == 0)
        {
            return Item(ReadinessItemKind.Replication, name, ReadinessStatus.NotChecked, "the estate has no database in a DR site");
        }

        var lines = await Task.WhenAll(replicas.Select(r => ReplicaAsync(context, r, cancellationToken)));
        return Verdict(ReadinessItemKind.Replication, name, lines);
    }

    private async Task<(ReadinessStatus, string)> ReplicaAsync(CheckContext context, Resource replica, CancellationToken cancellationToken)
    {
        if (replica.BindingFor(context.Profile) is not { } binding)
        {
            return (ReadinessStatus.NotChecked, $"{replica.Id}: no binding for {context.Profile}");
        }

        if (!CanProbe(binding, Operations.Database.Status.Name))
        {
            return (ReadinessStatus.NotChecked, $"{replica.Id}: provider {binding.Provider} cannot report replication ({Operations.Database.Status.Name}) here");
        }

        var monitor = replica.Monitor is { Probe: "postgres" } own ? own : new ResourceMonitor("postgres", false, new Dictionary<string, string>(), replica.Location);
        var (seen, problem) = await ProbeAsync(context, replica, monitor, cancellationToken);
        if (seen is null)
        {
            return (ReadinessStatus.NotChecked, $"{replica.Id}: cannot probe: {problem}");
        }

        var rpoClass = replica.DataClass ?? "database";
        var rpo = context.Estate.Objectives.Rpo.TryGetValue(rpoClass, out var r) ? r : (TimeSpan?)null;
        if (seen.Field("reachable") != "true")
        {
            return (ReadinessStatus.Fail, $"{replica.Id}: standby unreachable ({seen.Detail})");
        }

        if (seen.Field("role") != "standby")
        {
            return (ReadinessStatus.Fail, $"{replica.Id}: is a {seen.Field("role")}, not a standby: nothing replicates into the DR region");
        }

        if (seen.Field("replication_state") != "streaming")
        {
            return (ReadinessStatus.Fail, $"{replica.Id}: replication {seen.Field("replication_state")}, not streaming");
        }

        var lag = double.TryParse(seen.Field("lag_seconds"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var objective = rpo is null ? $"no RPO for data class {rpoClass}" : $"RPO {rpoClass} {DurationText.Format(rpo.Value)}";
        if (lag is null)
        {
            return (ReadinessStatus.Fail, $"{replica.Id}: streaming but its lag is unknown ({objective})");
        }

        return rpo is { } limit && lag > limit
            ? (ReadinessStatus.Fail, $"{replica.Id}: lag {lag.Value.TotalSeconds:0.###}s exceeds {objective}")
            : (ReadinessStatus.Pass, $"{replica.Id}: standby streaming, lag {lag.Value.TotalSeconds:0.###}s ({objective})");
    }
}
