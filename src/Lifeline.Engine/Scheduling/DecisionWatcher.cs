using Lifeline.Engine.Checkpoints;
using Lifeline.Engine.Runs;

namespace Lifeline.Engine.Scheduling;

/// <summary>
/// Reads operator decisions for a run from the store. Another process (<c>lifeline runs approve</c>, the server) may
/// write them while this one executes, so waiting gates poll here.
/// </summary>
internal sealed class DecisionWatcher(string runId, IRunStore store, TimeProvider time)
{
    public async Task<IReadOnlyList<OperatorDecision>> ForStepAsync(string stepId, CancellationToken cancellationToken)
    {
        var all = await store.GetDecisionsAsync(runId, cancellationToken);
        return [.. all.Where(d => d.StepId == stepId)];
    }

    public async Task<bool> AbortRequestedAsync(CancellationToken cancellationToken)
    {
        var all = await store.GetDecisionsAsync(runId, cancellationToken);
        return all.Any(d => d.Kind == DecisionKind.Abort);
    }

    public Task DelayAsync(TimeSpan interval, CancellationToken cancellationToken) => Task.Delay(interval, time, cancellationToken);
}
