using System.Globalization;
using Lifeline.Core.Plans;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Engine.Steps;

internal sealed partial class StepRunner
{
    private static readonly TimeSpan LeasePoll = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// A fence on a database whose self-fencing agent held the primary-role lease when the outage began: wait until the
    /// lease has certainly expired (last renewal + ttl + margin, on the control plane's clock). By then an isolated
    /// agent has fenced its primary itself. Null when no lease applies, and the provider fences as usual: no lease, the
    /// agent reports it does not hold one, the lease had lapsed before the outage, or the agent renews it meanwhile
    /// (the control plane can reach the site, so the provider can too).
    /// </summary>
    private async Task<StepResult?> FenceByLeaseAsync(StepAttempt attempt, ActionBody body, CancellationToken cancellationToken)
    {
        if (body.Operation != Operations.Database.Fence.Name || body.Target is not { } target || session.Behaviour.Leases is not { } leases || leases.Find(target) is not { } lease)
        {
            return null;
        }

        var log = attempt.Log;
        if (!lease.Held)
        {
            log.Write($"agent {lease.Holder} holds no lease on {target}'s primary role (its primary is fenced or not running); fencing through the provider");
            return null;
        }

        if (lease.RenewedAt + lease.Ttl < session.Run.ClockStart)
        {
            log.Write($"agent {lease.Holder}'s lease on {target} lapsed at {Time(lease.RenewedAt + lease.Ttl)}, before the outage began; not relied on");
            return null;
        }

        var expiry = lease.ExpiresAt(leases.Margin);
        log.Write($"{target}'s primary role is leased to agent {lease.Holder} (ttl {Seconds(lease.Ttl)}, renewed {Time(lease.RenewedAt)}); "
            + $"waiting until it has certainly expired at {Time(expiry)} (margin {Seconds(leases.Margin)}): an isolated agent fences its primary before then");
        while (session.Time.GetUtcNow() < expiry)
        {
            var remaining = expiry - session.Time.GetUtcNow();
            await Task.Delay(remaining < LeasePoll ? remaining : LeasePoll, session.Time, cancellationToken);
            if (leases.Find(target) is { } now && now.RenewedAt > lease.RenewedAt)
            {
                log.Write(now.Held
                    ? $"agent {now.Holder} renewed the lease at {Time(now.RenewedAt)}: the site is reachable, so the provider fences {target}"
                    : $"agent {now.Holder} released the lease at {Time(now.RenewedAt)}; fencing through the provider");
                return null;
            }
        }

        log.Write($"lease on {target} expired at {Time(expiry)} without renewal: its agent has fenced it, or it is down with it");
        return StepResult.Succeeded(new Dictionary<string, string>
        {
            ["fenced"] = "true",
            ["method"] = "lease",
            ["reachable"] = "false",
        });
    }

    private static string Time(DateTimeOffset at) => at.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
