using Lifeline.Engine.Monitoring.Remote;

namespace Lifeline.Engine.Fencing.Leases;

/// <summary>
/// The primary-role leases self-fencing agents renew with their reports. A fence step on a database whose agent held the
/// lease when the outage began waits for the lease to expire instead of reaching for the database: the agent fences its
/// own primary before then if it is isolated (ADR 0012).
/// </summary>
public sealed class LeaseBook(TimeSpan margin)
{
    private readonly Dictionary<string, PrimaryLease> _leases = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>How long past a lease's ttl the control plane waits before it counts the lease as expired.</summary>
    public TimeSpan Margin => margin;

    public void Renew(string holder, LeaseClaim claim, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(claim.Resource) || !double.IsFinite(claim.TtlSeconds) || claim.TtlSeconds <= 0)
        {
            return;
        }

        lock (_lock)
        {
            _leases[claim.Resource] = new PrimaryLease(claim.Resource, holder, TimeSpan.FromSeconds(claim.TtlSeconds), claim.Held, at);
        }
    }

    public PrimaryLease? Find(string resource)
    {
        lock (_lock)
        {
            return _leases.GetValueOrDefault(resource);
        }
    }

    public IReadOnlyList<PrimaryLease> All()
    {
        lock (_lock)
        {
            return [.. _leases.Values.OrderBy(l => l.Resource, StringComparer.Ordinal)];
        }
    }
}
