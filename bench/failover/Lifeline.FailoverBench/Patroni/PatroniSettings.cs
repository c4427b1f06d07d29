namespace Lifeline.FailoverBench.Patroni;

/// <summary>
/// A Patroni configuration under test. Null timing values are left out of the configuration, so Patroni's own
/// defaults apply (ttl 30, loop_wait 10, retry_timeout 10). <see cref="Dcs"/> is the Patroni configuration section:
/// <c>etcd</c> (etcd's v2 API) or <c>etcd3</c>.
/// </summary>
internal sealed record PatroniSettings(string Name, int? Ttl, int? LoopWait, int? RetryTimeout, bool Synchronous, string Dcs = "etcd")
{
    /// <summary>Debian's patroni as shipped: nothing about timing in the configuration.</summary>
    public static readonly PatroniSettings Default = new("patroni-default", null, null, null, false);

    /// <summary>
    /// The tightest legal integer settings for Lifeline's 3 s criteria window with a 1 s probe: Patroni requires
    /// loop_wait + 2 × retry_timeout ≤ ttl and loop_wait ≥ 1, so loop_wait 1, retry_timeout 1, ttl 3 — the leader
    /// refreshes its 3 s lease every second, and the lease lapses 2–3 s after the leader's host is lost.
    /// </summary>
    /// <remarks>
    /// On etcd's v2 API: Patroni 3.0.2's etcd3 module refuses to take the leader lock when less than 1 s of
    /// retry_timeout is left after refreshing its lease (<c>attempt_to_acquire_leader timeout</c>), so with
    /// retry_timeout 1 a replica never takes over there; <see cref="TunedEtcd3"/> is the tightest legal etcd3 setting.
    /// </remarks>
    public static readonly PatroniSettings Tuned = new("patroni-tuned", 3, 1, 1, false);

    /// <summary>The tightest legal settings that fail over on etcd3 in Patroni 3.0.2: retry_timeout 2, so ttl 5.</summary>
    public static readonly PatroniSettings TunedEtcd3 = new("patroni-tuned-etcd3", 5, 1, 2, false, "etcd3");

    /// <summary><see cref="Tuned"/> with <c>synchronous_mode: true</c>: only the synchronous standby may be promoted.</summary>
    public static readonly PatroniSettings TunedSynchronous = Tuned with { Name = "patroni-tuned-sync", Synchronous = true };

    public int EffectiveTtl => Ttl ?? 30;

    public int EffectiveLoopWait => LoopWait ?? 10;

    public int EffectiveRetryTimeout => RetryTimeout ?? 10;
}
