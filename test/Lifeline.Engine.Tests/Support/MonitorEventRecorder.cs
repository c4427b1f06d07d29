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
}
