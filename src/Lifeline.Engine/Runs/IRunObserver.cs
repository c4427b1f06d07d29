namespace Lifeline.Engine.Runs;

/// <summary>Receives a run's events as they happen (progress display, SSE later). Must not block.</summary>
public interface IRunObserver
{
    void OnEvent(RunEvent runEvent);
}
