namespace Lifeline.Core.Plans;

/// <summary>How a failed attempt is retried: up to <see cref="Attempts"/> attempts in all, with backoff between them.</summary>
public sealed record RetryPolicy(int Attempts, TimeSpan Delay, RetryBackoff Backoff, TimeSpan? MaxDelay, bool TransientOnly)
{
    public static readonly RetryPolicy None = new(1, TimeSpan.Zero, RetryBackoff.Constant, null, false);
}
