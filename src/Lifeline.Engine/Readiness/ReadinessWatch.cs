using Lifeline.Core.PlanFiles;

namespace Lifeline.Engine.Readiness;

/// <summary>
/// Continuous readiness for one host: check, record in the history, and tell every observer what changed. A failing
/// observer (a channel down) is logged by the observer itself and never stops the next check.
/// </summary>
public sealed class ReadinessWatch(ReadinessChecker checker, ReadinessHistory history)
{
    public ReadinessHistory History => history;

    public async Task<(ReadinessReport Report, IReadOnlyList<ReadinessChange> Changes)> CheckAsync(
        LoadedEstate loaded, string profile, Func<string, string?> environment, ReadinessOptions options, IReadOnlyList<IReadinessObserver> observers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observers);
        var report = await checker.CheckAsync(loaded, profile, environment, options, cancellationToken);
        var changes = history.Record(report);
        foreach (var change in changes)
        {
            foreach (var observer in observers)
            {
                await observer.OnChangedAsync(change, cancellationToken);
            }
        }

        return (report, changes);
    }
}
