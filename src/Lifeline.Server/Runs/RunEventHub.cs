using System.Collections.Concurrent;
using Lifeline.Engine.Runs;

namespace Lifeline.Server.Runs;

/// <summary>
/// Wakes live-event streams when a run executing in this process records an event. The store stays the source of
/// truth (streams read events from it), so a stream never misses or repeats one; runs executing in another process
/// (the CLI) are picked up by the streams' periodic re-read.
/// </summary>
internal sealed class RunEventHub
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new(StringComparer.Ordinal);

    /// <summary>An observer for a run executing here; it also tells <paramref name="onEvent"/> (for the first event: the run's id).</summary>
    public IRunObserver Observer(Action<RunEvent>? onEvent = null) => new HubObserver(this, onEvent);

    /// <summary>
    /// Completes when the run records its next event. Take it <em>before</em> reading the store, so an event recorded
    /// while the stream reads still wakes it (taken after, that wake-up would be lost until the periodic re-read).
    /// </summary>
    public Task NextEvent(string runId) =>
        _signals.GetOrAdd(runId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Completes when the run records its next event, or after <paramref name="timeout"/>.</summary>
    public Task WaitAsync(string runId, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitAsync(NextEvent(runId), timeout, cancellationToken);

    /// <summary>Completes when <paramref name="nextEvent"/> (from <see cref="NextEvent"/>) does, or after <paramref name="timeout"/>.</summary>
    public static async Task WaitAsync(Task nextEvent, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nextEvent);
        try
        {
            await nextEvent.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
    }

    private void Publish(RunEvent runEvent)
    {
        if (_signals.TryRemove(runEvent.RunId, out var signal))
        {
            signal.TrySetResult();
        }
    }

    private sealed class HubObserver(RunEventHub hub, Action<RunEvent>? onEvent) : IRunObserver
    {
        public void OnEvent(RunEvent runEvent)
        {
            onEvent?.Invoke(runEvent);
            hub.Publish(runEvent);
        }
    }
}
