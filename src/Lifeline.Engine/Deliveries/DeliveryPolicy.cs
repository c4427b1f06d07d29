namespace Lifeline.Engine.Deliveries;

/// <summary>
/// How the outbox retries a delivery whose channel failed transiently (exponential backoff from
/// <see cref="FirstBackoff"/>, at most <see cref="MaxBackoff"/>, at most <see cref="MaxAttempts"/> attempts), and how
/// long a finished run's process still waits for deliveries in flight (<see cref="Grace"/>) before it reports the rest
/// as undelivered.
/// </summary>
public sealed record DeliveryPolicy(int MaxAttempts, TimeSpan FirstBackoff, TimeSpan MaxBackoff, TimeSpan Grace)
{
    public static readonly DeliveryPolicy Default = new(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(15));

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based): 1 s, 2 s, 4 s, … capped.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(FirstBackoff.Ticks * factor, MaxBackoff.Ticks));
        return delay;
    }
}
