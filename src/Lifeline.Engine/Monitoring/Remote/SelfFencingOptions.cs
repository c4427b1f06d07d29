namespace Lifeline.Engine.Monitoring.Remote;

/// <summary>
/// A self-fencing agent's lease on one database's primary role. <see cref="Local"/> is the database's probe with the
/// settings this agent reaches it by from inside its site (e.g. a local socket, and the data directory for a stop).
/// The agent fences when, for <see cref="FenceAfter"/>, it has heard neither the control plane nor any standby.
/// </summary>
public sealed record SelfFencingOptions(ProbeCall Local, TimeSpan Ttl, string FenceMethod)
{
    /// <summary>Half the lease: the other half is the fence's own budget before the lease runs out.</summary>
    public TimeSpan FenceAfter => Ttl / 2;

    /// <summary>The field of the primary's status that says how long ago a streaming standby last answered it.</summary>
    public const string StandbyReplyAgeField = "standby_reply_age_s";
}
