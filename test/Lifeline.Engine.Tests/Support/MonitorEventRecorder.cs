using Lifeline.Engine.Monitoring;

namespace Lifeline.Engine.Tests.Support;

/// <summary>Collects a monitor's events into a list the test reads (locked, as the monitor may emit from any task).</summary>
internal sealed class MonitorEventRecorder(List<MonitorEvent> events) : IMonitorObserver
{
    public void OnEvent(MonitorEvent monitorEvent)
    {
        lock (events)
        {
            events.Add(monitorEvent);
        }
    }

    /// <summary>The events so far, copied under the lock: a failover run a tick started emits them from its own task.</summary>
    public static List<MonitorEvent> Snapshot(List<MonitorEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        lock (events)
        {
            return [.. events];
        }
    }
}
