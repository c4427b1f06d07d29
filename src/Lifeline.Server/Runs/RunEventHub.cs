using System.Collections.Concurrent;
using Lifeline.Engine.Checkpoints;
using Lifeline.Engine.Runs;

namespace Lifeline.Server.Runs;

/// <summary>
/// Wakes live-event streams when a run executing in this process records an event, and reads the store once per
/// event for all of them. The store stays the source of truth (streams read events from it), so a stream never misses
/// or repeats one; runs executing in another process (the CLI) are picked up by the streams' periodic re-read.
/// </summary>
internal sealed class RunEventHub
{
    /// <summary>How long a read is shared when no event was published (runs executing in another process publish none here).</summary>
    private const long MaxSharedReadAgeMs = 250;

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Feed> _feeds = new(StringComparer.Ordinal);

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

    /// <summary>
    /// The run and all its events, read from <paramref name="store"/>: one read per published event (or per
    /// <see cref="MaxSharedReadAgeMs"/>) however many streams ask, each read fetching only the events not yet held.
    /// Without this, every stream re-read the whole timeline on every event (150 streams × 1,000 events per wake-up).
    /// </summary>
    public Task<RunEventSnapshot> ReadAsync(string runId, IRunStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var feed = _feeds.GetOrAdd(runId, _ => new Feed());
        lock (feed.Gate)
        {
            var generation = Volatile.Read(ref feed.Generation);
            if (feed.Read is null || feed.ReadGeneration != generation || Environment.TickCount64 - feed.ReadAt > MaxSharedReadAgeMs || feed.Read.IsFaulted)
            {
                var previous = feed.Read;
                feed.Read = Task.Run(() => LoadAsync(runId, store, previous), CancellationToken.None);
                feed.ReadGeneration = generation;
                feed.ReadAt = Environment.TickCount64;
            }

            return feed.Read.WaitAsync(cancellationToken);
        }
    }

    private async Task<RunEventSnapshot> LoadAsync(string runId, IRunStore store, Task<RunEventSnapshot>? previous)
    {
        IReadOnlyList<RunEvent> held = [];
        if (previous is { IsCompletedSuccessfully: true })
        {
            held = previous.Result.Events;
        }
        else if (previous is not null)
        {
            try
            {
                held = (await previous).Events;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                held = [];
            }
        }

        // Shared by every stream, so no one stream's cancellation may cancel it.
        var run = await store.GetRunAsync(runId, CancellationToken.None);
        var more = await store.GetEventsAsync(runId, held.Count, CancellationToken.None);
        var snapshot = new RunEventSnapshot(run, more.Count == 0 ? held : [.. held, .. more]);
        if (run is null || run.Status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Aborted)
        {
            // A finished run changes no more; its streams end with this read, so nothing needs to stay held.
            _feeds.TryRemove(runId, out _);
        }

        return snapshot;
    }

    private void Publish(RunEvent runEvent)
    {
        if (_feeds.TryGetValue(runEvent.RunId, out var feed))
        {
            Interlocked.Increment(ref feed.Generation);
        }

        if (_signals.TryRemove(runEvent.RunId, out var signal))
        {
            signal.TrySetResult();
        }
    }

    private sealed class Feed
    {
        public readonly Lock Gate = new();
        public long Generation;
        public long ReadGeneration;
        public long ReadAt;
        public Task<RunEventSnapshot>? Read;
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
