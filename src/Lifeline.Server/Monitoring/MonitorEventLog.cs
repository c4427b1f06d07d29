using Lifeline.Engine.Monitoring;
using Lifeline.Server.Hosting;

namespace Lifeline.Server.Monitoring;

/// <summary>The hosted monitor's events: logged, and the most recent kept in memory for <c>GET /api/monitor</c> and the estate page.</summary>
internal sealed class MonitorEventLog(string estate, string profile, ILogger logger, int capacity = 200) : IMonitorObserver
{
    private readonly Lock _lock = new();
    private readonly Queue<MonitorEvent> _recent = new();

    public string Estate => estate;

    public string Profile => profile;

    public IReadOnlyList<MonitorEvent> Recent
    {
        get
        {
            lock (_lock)
            {
                return [.. _recent.Reverse()];
            }
        }
    }

    public void OnEvent(MonitorEvent monitorEvent)
    {
        Log.MonitorEvent(logger, estate, profile, monitorEvent.Message);
        lock (_lock)
        {
            _recent.Enqueue(monitorEvent);
            while (_recent.Count > capacity)
            {
                _recent.Dequeue();
            }
        }
    }
}
