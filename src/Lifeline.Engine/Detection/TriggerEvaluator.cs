using System.Globalization;
using Lifeline.Core.Plans;
using Lifeline.Engine.Monitoring;

namespace Lifeline.Engine.Detection;

/// <summary>
/// Evaluates a plan's trigger over the observation window. A subject is down only when all of its critical probes fail
/// from a strict majority of the vantage points that can currently see it, without a break, for the trigger's window,
/// counted from the last healthy observation (as a lease counts from its last renewal; see ADR 0010);
/// and a database primary is dead only when, in addition, every standby has received no WAL for the window (so a
/// monitor that merely lost its own path to the primary never promotes over a primary its standbys still follow).
/// </summary>
public sealed class TriggerEvaluator(IReadOnlyList<ProbeCall> calls, ObservationWindow window, TimeSpan freshness)
{
    public TriggerAssessment Evaluate(Trigger trigger, DateTimeOffset now)
    {
        var subjects = trigger.Kind switch
        {
            "site-unreachable" => calls.Where(c => c.Site == trigger.Subject && c.Critical).ToList(),
            "database-unreachable" or "service-unhealthy" => calls.Where(c => c.Resource == trigger.Subject).ToList(),
            _ => null,
        };
        if (subjects is null)
        {
            return TriggerAssessment.NotApplicable($"trigger '{trigger.Kind}' is not evaluated by the monitor");
        }

        if (subjects.Count == 0)
        {
            return TriggerAssessment.NotApplicable($"no monitored {(trigger.Kind == "site-unreachable" ? "critical resource at site" : "resource")} '{trigger.Subject}'");
        }

        var vantages = subjects.SelectMany(s => window.Vantages(s.Resource, now - freshness)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (vantages.Count == 0)
        {
            return new TriggerAssessment(false, false, null, "no fresh observations", []);
        }

        var downFrom = new List<(string Vantage, DateTimeOffset Since)>();
        var healthyFrom = new List<(string Vantage, DateTimeOffset Since)>();
        foreach (var vantage in vantages)
        {
            if (Streak(subjects, vantage, o => !o.Healthy, fromLastContrary: true) is { } down)
            {
                downFrom.Add((vantage, down));
            }

            if (Streak(subjects, vantage, o => o.Healthy, fromLastContrary: false) is { } up)
            {
                healthyFrom.Add((vantage, up));
            }
        }

        var majority = vantages.Count / 2 + 1;
        var clearAfter = trigger.ClearAfter ?? trigger.For;
        var healthy = healthyFrom.Count(h => now - h.Since >= clearAfter) >= majority;
        var longEnough = downFrom.Where(d => now - d.Since >= trigger.For).ToList();
        // The majority's window starts when the last vantage point of the majority began to see the outage.
        var since = downFrom.Count >= majority ? downFrom.Select(d => d.Since).Order().ElementAt(majority - 1) : (DateTimeOffset?)null;
        var seen = $"down from {downFrom.Count} of {vantages.Count} vantage points ({string.Join(", ", vantages.Select(v => downFrom.Any(d => d.Vantage == v) ? v + " ✗" : v + " ✓"))})";
        var resources = subjects.Select(s => s.Resource).Distinct(StringComparer.Ordinal).ToList();
        if (longEnough.Count < majority)
        {
            return new TriggerAssessment(false, healthy, since, $"{trigger.Subject} {seen}; needs {majority} for {Seconds(trigger.For)}", downFrom.Count > 0 ? resources : []);
        }

        foreach (var database in subjects.Where(s => s.Kind == "postgres"))
        {
            if (StandbysConfirm(database.Resource, trigger.For, now) is { } objection)
            {
                return new TriggerAssessment(false, healthy, since, $"{trigger.Subject} {seen} for {Seconds(trigger.For)}, but {objection}", resources);
            }
        }

        return new TriggerAssessment(true, false, since, $"{trigger.Subject} {seen}, for at least {Seconds(trigger.For)}; standbys confirm no WAL from the primary", resources);
    }

    /// <summary>Null when every standby of the database has received no WAL for the window; otherwise why not.</summary>
    private string? StandbysConfirm(string primary, TimeSpan span, DateTimeOffset now)
    {
        var standbys = calls.Where(c => c.Kind == "postgres" && c.Resource != primary && window.Latest(c.Resource)?.Field("role") == "standby").ToList();
        if (standbys.Count == 0)
        {
            return "no standby can confirm the primary is gone";
        }

        foreach (var standby in standbys)
        {
            var latest = window.Latest(standby.Resource)!;
            if (!latest.Healthy || now - latest.At > freshness)
            {
                return $"standby {standby.Resource} cannot be asked ({latest.Detail})";
            }

            var receiptAge = double.TryParse(latest.Field("last_wal_receipt_age_s"), NumberStyles.Float, CultureInfo.InvariantCulture, out var age) ? age : (double?)null;
            var silentSince = window.StreakSinceLastContrary(standby.Resource, latest.Vantage, o => o.Healthy && o.Field("replication_state") != "streaming");
            var silentLongEnough = silentSince is { } s && now - s >= span;
            if (!silentLongEnough && !(receiptAge >= span.TotalSeconds))
            {
                return $"standby {standby.Resource} still hears from the primary (replication {latest.Field("replication_state")}, last WAL {latest.Field("last_wal_receipt_age_s")}s ago)";
            }
        }

        return null;
    }

    /// <summary>When every subject has matched from this vantage point, the latest start of their streaks; else null.</summary>
    private DateTimeOffset? Streak(IReadOnlyList<ProbeCall> subjects, string vantage, Func<Observation, bool> predicate, bool fromLastContrary)
    {
        DateTimeOffset? since = null;
        foreach (var subject in subjects)
        {
            var start = fromLastContrary
                ? window.StreakSinceLastContrary(subject.Resource, vantage, predicate)
                : window.StreakSince(subject.Resource, vantage, predicate);
            if (start is null)
            {
                return null;
            }

            since = since is null || start > since ? start : since;
        }

        return since;
    }

    private static string Seconds(TimeSpan span) => Core.Time.DurationText.Format(span);
}
