namespace Lifeline.Server.Monitoring;

/// <summary>
/// The recent replication lag (the postgres probe's <c>lag_seconds</c>) of every database from every vantage point, for
/// the estate chart. Bounded per series, so a server that monitors for months uses constant memory.
/// </summary>
public sealed class LagHistory(int capacityPerSeries = 720)
{
    public const string Field = "lag_seconds";

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Estate, string Resource, string Vantage), Queue<LagPoint>> _series = [];

    /// <summary>Adds a reading unless it is not newer than the series' last (the same observation sampled twice).</summary>
    public bool Add(string estate, string resource, string vantage, LagPoint point)
    {
        lock (_lock)
        {
            var key = (estate, resource, vantage);
            if (!_series.TryGetValue(key, out var series))
            {
                _series[key] = series = new Queue<LagPoint>();
            }

            if (series.Count > 0 && series.Last().At >= point.At)
            {
                return false;
            }

            series.Enqueue(point);
            while (series.Count > capacityPerSeries)
            {
                series.Dequeue();
            }

            return true;
        }
    }

    /// <summary>Every series of an estate, by resource then vantage point; <paramref name="objective"/> gives each resource's RPO.</summary>
    public IReadOnlyList<LagSeries> For(string estate, Func<string, double?> objective)
    {
        lock (_lock)
        {
            return [.. _series.Where(s => s.Key.Estate == estate)
                .OrderBy(s => s.Key.Resource, StringComparer.Ordinal).ThenBy(s => s.Key.Vantage, StringComparer.Ordinal)
                .Select(s => new LagSeries(estate, s.Key.Resource, s.Key.Vantage, objective(s.Key.Resource), [.. s.Value]))];
        }
    }
}
