namespace Lifeline.Engine.Fencing.Leases;

/// <summary>The last renewal of a database's primary-role lease, as the control plane received it.</summary>
public sealed record PrimaryLease(string Resource, string Holder, TimeSpan Ttl, bool Held, DateTimeOffset RenewedAt)
{
    /// <summary>When the lease has certainly expired on any clock: its ttl from the last renewal, plus the margin.</summary>
    public DateTimeOffset ExpiresAt(TimeSpan margin) => RenewedAt + Ttl + margin;
}
