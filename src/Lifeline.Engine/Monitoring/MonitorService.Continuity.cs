using Lifeline.Engine.Detection;

namespace Lifeline.Engine.Monitoring;

/// <summary>
/// Noticing that evidence broke off: the monitor's own rounds or an agent's reports came further apart than the window
/// tolerates. The evaluator restarts the evidence by itself (see <see cref="ObservationWindow.Continuous"/>); this
/// makes the restart visible, in the events and in the stored status.
/// </summary>
public sealed partial class MonitorService
{
    private readonly Dictionary<string, DateTimeOffset> _lastHeard = new(StringComparer.Ordinal);
    private readonly HashSet<string> _settingsChecked = new(StringComparer.Ordinal);
    private DateTimeOffset? _lastRound;

    /// <summary>
    /// Called as a round starts: a round that comes much later than the interval means the monitor itself stalled. The
    /// stall is said at once and returned for the store, which the round writes after its probes: right after a stall the
    /// monitor's first need is fresh evidence, and a store write on a busy disk must not delay it.
    /// </summary>
    private MonitorStall? NoteRound(DateTimeOffset now)
    {
        var last = _lastRound;
        _lastRound = now;
        if (last is { } previous && now - previous > Window.MaxGap(_options.Vantage))
        {
            var stalled = now - previous - _options.Interval;
            return Stalled(_options.Vantage, now, stalled, $"monitor stalled {stalled.TotalSeconds:0.0} s (no round from {_options.Vantage} for {(now - previous).TotalSeconds:0.0} s, expected every {Core.Time.DurationText.Format(_options.Interval)}); evidence restarted");
        }

        return null;
    }

    /// <summary>An agent whose reports arrive much later than its interval went silent; its evidence restarts.</summary>
    private async Task NoteAgentsAsync(IReadOnlyList<Observation> observations, CancellationToken cancellationToken)
    {
        foreach (var (vantage, at) in observations.Where(o => o.Vantage != _options.Vantage).GroupBy(o => o.Vantage).Select(g => (g.Key, g.Max(o => o.At))))
        {
            DateTimeOffset? previous;
            lock (_lastHeard)
            {
                previous = _lastHeard.TryGetValue(vantage, out var heard) ? heard : null;
                _lastHeard[vantage] = at;
            }

            var gap = Window.MaxGap(vantage);
            if (previous is { } last && at - last > gap)
            {
                var silent = at - last - gap / 1.5;
                await RecordStallAsync(Stalled(vantage, at, silent, $"agent {vantage} silent {silent.TotalSeconds:0.0} s (no report for {(at - last).TotalSeconds:0.0} s); its evidence restarted"), cancellationToken);
            }
        }
    }

    private MonitorStall Stalled(string vantage, DateTimeOffset at, TimeSpan stalled, string message)
    {
        Emit(MonitorEventKind.Stalled, message);
        return new MonitorStall(vantage, at, Math.Round(stalled.TotalSeconds, 3), message);
    }

    // Stored, not audited: a stall is something that happened to the monitor, not an action anyone took.
    private Task RecordStallAsync(MonitorStall stall, CancellationToken cancellationToken) =>
        _store.RecordStallAsync(_options.Estate.Estate.Name, stall, cancellationToken);

    /// <summary>
    /// Once per standby, as soon as it is first seen: do its replication settings (and, where the monitor reads it, its
    /// primary's) make an idle primary's keepalives reach it often enough that its silence means something? Each wrong
    /// setting is said in one line. Detection still runs: such a standby confirms only by a disconnected WAL receiver.
    /// </summary>
    private void CheckSettingsOnce()
    {
        var windows = _options.Estate.Plans.Where(p => p.Trigger is { } t && Evaluable(t)).Select(p => p.Trigger!.For).ToList();
        if (windows.Count == 0)
        {
            return;
        }

        var window = windows.Min();
        var databases = Calls.Where(c => c.Kind == "postgres").ToList();
        var primary = databases.Select(c => Window.Latest(c.Resource)).FirstOrDefault(o => o is { Healthy: true } && o.Field("role") == "primary");
        foreach (var standby in databases)
        {
            if (_settingsChecked.Contains(standby.Resource) || Window.Latest(standby.Resource) is not { Healthy: true } observation || observation.Field("role") != "standby")
            {
                continue;
            }

            _settingsChecked.Add(standby.Resource);
            foreach (var problem in StandbyKeepalive.Problems(standby.Resource, observation, primary?.Resource, primary, window))
            {
                Emit(MonitorEventKind.Misconfigured, problem, resource: standby.Resource);
            }
        }
    }
}
