using System.Collections.Concurrent;
using Lifeline.Server.Hosting;

namespace Lifeline.Server.Security;

/// <summary>
/// Failed sign-ins per account, beside the per-address rate limit: after <see cref="ServerOptions.LoginFailuresBeforeBackoff"/>
/// failures in a row, each further failure shuts the account's door for twice as long (by default 1 s, 2 s, 4 s … up to
/// <see cref="ServerOptions.LoginBackoffLimit"/>), whichever address the guesses come from. While it is shut no password
/// is checked, not even the right one; a success opens it again. Unknown names are counted like known ones, so the answer
/// says nothing about which accounts exist. In memory: a restart forgets, which costs a guesser nothing it can use.
/// </summary>
internal sealed class LoginThrottle(ServerOptions options, TimeProvider time)
{
    private const int MaxTracked = 10_000;
    private readonly ConcurrentDictionary<string, Failures> _accounts = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="username"/> must wait before its next attempt; zero when it may try now.</summary>
    public TimeSpan WaitFor(string username)
    {
        var now = time.GetUtcNow();
        return _accounts.TryGetValue(Key(username), out var failures) && failures.ShutUntil > now ? failures.ShutUntil - now : TimeSpan.Zero;
    }

    public void Failed(string username)
    {
        var now = time.GetUtcNow();
        if (_accounts.Count >= MaxTracked)
        {
            Forget(now);
        }

        _accounts.AddOrUpdate(
            Key(username),
            _ => Next(new Failures(0, now), now),
            (_, previous) => Next(previous, now));
    }

    public void Succeeded(string username) => _accounts.TryRemove(Key(username), out _);

    private Failures Next(Failures previous, DateTimeOffset now)
    {
        var count = previous.Count + 1;
        var over = count - options.LoginFailuresBeforeBackoff;
        if (over <= 0)
        {
            return new Failures(count, previous.ShutUntil);
        }

        var seconds = Math.Min(options.LoginBackoffStart.TotalSeconds * Math.Pow(2, Math.Min(over - 1, 30)), options.LoginBackoffLimit.TotalSeconds);
        return new Failures(count, now + TimeSpan.FromSeconds(seconds));
    }

    // Entries whose door is open again and that have not failed for a while are dropped first, so the table stays bounded.
    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, failures) in _accounts)
        {
            if (failures.ShutUntil + options.LoginBackoffLimit < now)
            {
                _accounts.TryRemove(key, out _);
            }
        }
    }

    private static string Key(string username) => username.Trim().ToLowerInvariant();

    private sealed record Failures(int Count, DateTimeOffset ShutUntil);
}
