namespace Lifeline.Engine.Monitoring;

/// <summary>
/// The recent observations of every resource from every vantage point, bounded per series so a monitor that runs for
/// months uses constant memory. Thread-safe: the prober and remote agents add while the evaluator reads.
/// </summary>
public sealed class ObservationWindow(int capacityPerSeries = 3600)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Resource, string Vantage), Queue<Observation>> _series = [];

    public void Add(Observation observation)
    {
        lock (_lock)
        {
            var key = (observation.Resource, observation.Vantage);
            if (!_series.TryGetValue(key, out var series))
            {
                _series[key] = series = new Queue<Observation>();
            }

            series.Enqueue(observation);
            while (series.Count > capacityPerSeries)
            {
                series.Dequeue();
            }
        }
    }

    /// <summary>Vantage points that observed the resource at or after <paramref name="freshSince"/>.</summary>
    public IReadOnlyList<string> Vantages(string resource, DateTimeOffset freshSince)
    {
        lock (_lock)
        {
            return [.. _series.Where(s => s.Key.Resource == resource && s.Value.Count > 0 && s.Value.Last().At >= freshSince).Select(s => s.Key.Vantage).Order(StringComparer.Ordinal)];
        }
    }

    public Observation? Latest(string resource, string vantage)
    {
        lock (_lock)
        {
            return _series.TryGetValue((resource, vantage), out var series) && series.Count > 0 ? series.Last() : null;
        }
    }

    /// <summary>The freshest observation of the resource from any vantage point.</summary>
    public Observation? Latest(string resource)
    {
        lock (_lock)
        {
            return _series.Where(s => s.Key.Resource == resource && s.Value.Count > 0).Select(s => s.Value.Last()).MaxBy(o => o.At);
        }
    }

    /// <summary>
    /// When the current unbroken streak of observations matching <paramref name="predicate"/> began (its first
    /// observation), or null when the latest observation does not match.
    /// </summary>
    public DateTimeOffset? StreakSince(string resource, string vantage, Func<Observation, bool> predicate) =>
        Streak(resource, vantage, predicate, fromLastContrary: false);

    /// <summary>
    /// Like <see cref="StreakSince"/>, but the streak counts from the last observation before it that did not match,
    /// when there is one: the moment the condition was last known not to hold, as a lease counts from its last renewal.
    /// </summary>
    public DateTimeOffset? StreakSinceLastContrary(string resource, string vantage, Func<Observation, bool> predicate) =>
        Streak(resource, vantage, predicate, fromLastContrary: true);

    private DateTimeOffset? Streak(string resource, string vantage, Func<Observation, bool> predicate, bool fromLastContrary)
    {
        lock (_lock)
        {
            if (!_series.TryGetValue((resource, vantage), out var series))
            {
                return null;
            }

            DateTimeOffset? since = null;
            foreach (var observation in series.Reverse())
            {
                if (!predicate(observation))
                {
                    return fromLastContrary && since is not null ? observation.At : since;
                }

                since = observation.At;
            }

            return since;
        }
    }

    public IReadOnlyList<Observation> History(string resource, string vantage)
    {
        lock (_lock)
        {
            return _series.TryGetValue((resource, vantage), out var series) ? [.. series] : [];
        }
    }

    public IReadOnlyList<Observation> LatestAll()
    {
        lock (_lock)
        {
            return [.. _series.Values.Where(s => s.Count > 0).Select(s => s.Last()).OrderBy(o => o.Resource, StringComparer.Ordinal).ThenBy(o => o.Vantage, StringComparer.Ordinal)];
        }
    }
}
