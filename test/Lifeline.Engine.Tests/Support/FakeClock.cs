using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Engine.Tests.Support;

/// <summary>
/// Moves a <see cref="FakeTimeProvider"/> forward while work runs: one <see cref="Tick"/> at a time, yielding between
/// ticks so the work's real I/O (SQLite, processes) makes progress. The engine reads only the fake clock, so sleeps,
/// timeouts, backoffs and budgets elapse in fake time and no test waits for them; durations in reports are fake
/// durations. A slow machine only makes the fake clock run slower, never the work wait longer than it asked.
/// </summary>
internal static class FakeClock
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Drives <paramref name="time"/> until <paramref name="work"/> finishes. While <paramref name="hold"/> says so the
    /// clock stands still (to let several steps start at the same fake instant).
    /// </summary>
    public static async Task<T> DriveAsync<T>(this FakeTimeProvider time, Task<T> work, Func<bool>? hold = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(work);
        while (!work.IsCompleted)
        {
            if (hold?.Invoke() != true)
            {
                time.Advance(Tick);
            }

            // A yield to the work between ticks, not a wait for anything: nothing asserted depends on its length.
            await Task.WhenAny(work, Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System));
        }

        return await work;
    }

    /// <summary>Drives <paramref name="time"/> until <paramref name="condition"/> holds (false if <paramref name="work"/> ended first).</summary>
    public static async Task<bool> DriveUntilAsync(this FakeTimeProvider time, Func<bool> condition, Task work)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(work);
        while (!condition())
        {
            if (work.IsCompleted)
            {
                return condition();
            }

            time.Advance(Tick);
            await Task.WhenAny(work, Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System));
        }

        return true;
    }
}
