namespace Lifeline.Engine.Readiness;

/// <summary>
/// The reports checked for each estate, newest last, bounded, and what changed between consecutive ones. The first report
/// of an estate counts as a change only for the items that fail, so a server that starts on a broken estate says so once
/// and a healthy one says nothing.
/// </summary>
public sealed class ReadinessHistory(int capacity = 2_000)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<ReadinessReport>> _reports = new(StringComparer.Ordinal);

    public IReadOnlyList<ReadinessChange> Record(ReadinessReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_gate)
        {
            if (!_reports.TryGetValue(report.Estate, out var reports))
            {
                _reports[report.Estate] = reports = [];
            }

            var previous = reports.Count == 0 ? null : reports[^1];
            reports.Add(report);
            if (reports.Count > capacity)
            {
                reports.RemoveAt(0);
            }

            return Changes(previous, report);
        }
    }

    public ReadinessReport? Latest(string estate)
    {
        lock (_gate)
        {
            return _reports.TryGetValue(estate, out var reports) && reports.Count > 0 ? reports[^1] : null;
        }
    }

    /// <summary>The estate's reports at or after <paramref name="since"/>, oldest first.</summary>
    public IReadOnlyList<ReadinessReport> Since(string estate, DateTimeOffset since)
    {
        lock (_gate)
        {
            return _reports.TryGetValue(estate, out var reports) ? [.. reports.Where(r => r.At >= since)] : [];
        }
    }

    public static IReadOnlyList<ReadinessChange> Changes(ReadinessReport? previous, ReadinessReport current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var changes = new List<ReadinessChange>();
        foreach (var item in current.Items)
        {
            var before = previous?.Find(item.Kind)?.Status;
            var changed = before is null ? item.Status == ReadinessStatus.Fail : before != item.Status;
            if (changed)
            {
                changes.Add(new ReadinessChange(current.Estate, current.Profile, item.Kind, item.Name, before, item.Status, item.Evidence, item.CheckedAt));
            }
        }

        return changes;
    }
}
