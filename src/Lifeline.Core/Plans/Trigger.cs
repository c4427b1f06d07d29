using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.Plans;

/// <summary>
/// The failover criterion from the runbook, e.g. <c>site-unreachable: primary</c> for <c>30m</c>. Detection evaluates it;
/// a plan run started by hand records it as the criterion it claims.
/// </summary>
public sealed record Trigger(string Kind, string Subject, TimeSpan For, SourceLocation Location)
{
    public static readonly TimeSpan DefaultCooldown = TimeSpan.FromHours(1);

    public DecisionPolicy Decision { get; init; } = DecisionPolicy.Approve;

    /// <summary>Anti-flapping: after a failover, automatic failovers of the scenario are blocked this long.</summary>
    public TimeSpan Cooldown { get; init; } = DefaultCooldown;

    /// <summary>Hysteresis: how long the subject must be healthy before the trigger clears; null means the for window.</summary>
    public TimeSpan? ClearAfter { get; init; }
}
