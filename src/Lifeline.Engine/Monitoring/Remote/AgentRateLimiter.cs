namespace Lifeline.Engine.Monitoring.Remote;

/// <summary>
/// A token bucket per vantage name: an agent reports once a round (every second or so), so a burst of
/// <see cref="Burst"/> and <see cref="PerSecond"/> a second sustained leaves room for retries but not for a flood.
/// </summary>
internal sealed class AgentRateLimiter(TimeProvider time)
{
    public const int Burst = 20;
    public const double PerSecond = 10;

    private readonly Dictionary<string, (double Tokens, long At)> _buckets = new(StringComparer.Ordinal);

    public bool TryAcquire(string vantage)
    {
        var now = time.GetTimestamp();
        lock (_buckets)
        {
            var (tokens, at) = _buckets.TryGetValue(vantage, out var bucket) ? bucket : (Burst, now);
            tokens = Math.Min(Burst, tokens + (time.GetElapsedTime(at, now).TotalSeconds * PerSecond));
            if (tokens < 1)
            {
                _buckets[vantage] = (tokens, now);
                return false;
            }

            _buckets[vantage] = (tokens - 1, now);
            return true;
        }
    }
}
