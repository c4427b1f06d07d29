namespace Lifeline.Engine.Readiness;

/// <summary>Told of every readiness change the history records (the server logs it, audits it and notifies).</summary>
public interface IReadinessObserver
{
    Task OnChangedAsync(ReadinessChange change, CancellationToken cancellationToken);
}
