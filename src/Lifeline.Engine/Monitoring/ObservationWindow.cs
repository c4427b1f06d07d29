namespace Lifeline.Engine.Monitoring;

/// <summary>
/// The recent observations of every resource from every vantage point, bounded per series so a monitor that runs for
/// months uses constant memory. Thread-safe: the prober and remote agents add while the evaluator reads.
/// </summary>
public sealed class ObservationWindow(int capacityPerSeries = 3600)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Resource, string Vantage), Queue<Observation>> _series = [];
    private readonly Dictionary<string, TimeSpan> _cadence = new(StringComparer.Ordinal);

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
    /// How often a vantage point observes; <see cref="DefaultCadence"/> unless it said otherwise (an agent's batch names
    /// its own interval).
    /// </summary>
    public TimeSpan DefaultCadence { get; init; } = TimeSpan.FromSeconds(1);

    public void SetCadence(string vantage, TimeSpan interval)
    {
        lock (_lock)
        {
            _cadence[vantage] = interval;
        }
    }

    /// <summary>
    /// The widest gap between two observations of one vantage point's series that still counts as unbroken evidence:
    /// 1.5 of its probe intervals. Anything wider means the observer stalled or went silent, and nothing is known of
    /// the time in between.
    /// </summary>
    public TimeSpan MaxGap(string vantage)
    {
        lock (_lock)
        {
            return (_cadence.TryGetValue(vantage, out var interval) ? interval : DefaultCadence) * 1.5;
        }
    }

    /// <summary>
    /// The current continuous evidence for <paramref name="predicate"/>: the unbroken run of matching observations that
    /// ends with the latest one, where no two neighbours are further apart than <see cref="MaxGap"/>. Null when the
    /// latest observation does not match, or is itself older than the gap at <paramref name="now"/> (the vantage point
    /// has gone quiet, so the evidence does not reach the present).
    /// </summary>
    public EvidenceRun? Continuous(string resource, string vantage, Func<Observation, bool> predicate, DateTimeOffset now)
    {
        var gap = MaxGap(vantage);
        lock (_lock)
        {
            if (!_series.TryGetValue((resource, vantage), out var series) || series.Count == 0 || now - series.Last().At > gap)
            {
                return null;
            }

            var until = series.Last().At;
            DateTimeOffset? since = null;
            foreach (var observation in series.Reverse())
            {
                if (!predicate(observation) || (since is { } later && later - observation.At > gap))
                {
                    break;
                }

                since = observation.At;
            }

            return since is { } start ? new EvidenceRun(start, until) : null;
        }
    }

    /// <summary>The first observation of the series at or after <paramref name="from"/> that matches, if any.</summary>
    public Observation? FirstSince(string resource, string vantage, DateTimeOffset from, Func<Observation, bool> predicate)
    {
        lock (_lock)
        {
            return _series.TryGetValue((resource, vantage), out var series) ? series.FirstOrDefault(o => o.At >= from && predicate(o)) : null;
        }
    }

    /// <summary>The latest observation of the series before <paramref name="before"/> that matches, if the window still holds one.</summary>
    public Observation? LastBefore(string resource, string vantage, DateTimeOffset before, Func<Observation, bool> predicate)
    {
        lock (_lock)
        {
            return _series.TryGetValue((resource, vantage), out var series) ? series.LastOrDefault(o => o.At < before && predicate(o)) : null;
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
