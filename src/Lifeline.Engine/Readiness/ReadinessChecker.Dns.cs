using Lifeline.Core.Estates;
using Lifeline.Core.Plans;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Engine.Readiness;

public sealed partial class ReadinessChecker
{
    /// <summary>
    /// Every record the plans fail over exists and answers now: a deleted record would fail the switch mid-recovery.
    /// The names come from the plans' own dns steps, so readiness checks exactly the records the recovery touches.
    /// </summary>
    private async Task<ReadinessItem> DnsFailoverAsync(CheckContext context, CancellationToken cancellationToken)
    {
        const string name = "DNS failover configured";
        var records = context.Estate.Resources.Where(r => r.Kind == "dns-record").ToList();
        if (records.Count == 0)
        {
            return Item(ReadinessItemKind.DnsFailover, name, ReadinessStatus.NotChecked, "the estate declares no dns-record resource");
        }

        var lines = new List<Task<(ReadinessStatus, string)>>();
        foreach (var record in records)
        {
            var names = RecordNames(context, record.Id);
            if (record.BindingFor(context.Profile) is not { } binding)
            {
                lines.Add(Task.FromResult((ReadinessStatus.NotChecked, $"{record.Id}: no binding for {context.Profile}")));
            }
            else if (!CanProbe(binding, Operations.Dns.Resolve.Name))
            {
                lines.Add(Task.FromResult((ReadinessStatus.NotChecked, $"{record.Id}: provider {binding.Provider} cannot resolve records ({Operations.Dns.Resolve.Name}) here")));
            }
            else if (names.Count == 0)
            {
                lines.Add(Task.FromResult((ReadinessStatus.NotChecked, $"{record.Id}: no plan step names a record of it")));
            }
            else
            {
                lines.AddRange(names.Select(n => RecordAsync(context, record, n, cancellationToken)));
            }
        }

        return Verdict(ReadinessItemKind.DnsFailover, name, await Task.WhenAll(lines));
    }

    private async Task<(ReadinessStatus, string)> RecordAsync(CheckContext context, Resource record, string recordName, CancellationToken cancellationToken)
    {
        var monitor = new ResourceMonitor("dns", false, new Dictionary<string, string> { ["name"] = recordName }, record.Location);
        var (seen, problem) = await ProbeAsync(context, record, monitor, cancellationToken);
        if (seen is null)
        {
            return (ReadinessStatus.NotChecked, $"{record.Id} {recordName}: cannot probe: {problem}");
        }

        return seen.Healthy && seen.Field("answer").Length > 0
            ? (ReadinessStatus.Pass, $"{record.Id} {recordName}: answers {seen.Field("answer")} (ttl {seen.Field("ttl")})")
            : (ReadinessStatus.Fail, $"{record.Id} {recordName}: record missing or empty ({seen.Detail})");
    }

    private static List<string> RecordNames(CheckContext context, string resourceId)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var step in context.Loaded.Plans.SelectMany(p => p.Steps))
        {
            var with = step.Body switch
            {
                ActionBody a when a.Target == resourceId => a.With,
                CheckBody c when c.Target == resourceId => c.With,
                _ => null,
            };
            if (with?.GetValueOrDefault("name") is { } name && !name.Contains("${{", StringComparison.Ordinal))
            {
                names.Add(name);
            }
        }

        return [.. names];
    }
}
