namespace Lifeline.Engine.Monitoring;

/// <summary>Receives monitor events as they happen; must not block.</summary>
public interface IMonitorObserver
{
    void OnEvent(MonitorEvent monitorEvent);
}
