using System.Globalization;
using Lifeline.Core.Plans;
using Lifeline.Engine.Monitoring;

namespace Lifeline.Engine.Detection;

/// <summary>
/// Evaluates a plan's trigger over the observation window. A subject is down only when all of its critical probes fail
/// from a strict majority of the vantage points that can currently see it, for the trigger's window of continuous
/// evidence: an unbroken series of failed observations, none further apart than 1.5 probe intervals, counted from the
/// first of them. A gap (the monitor stalled, an agent went silent) restarts that vantage point's window, as nothing is
/// known of the time in between (see ADR 0010). A database primary is dead only when, in addition, every standby has
/// positively heard nothing from it for the window: its WAL receiver has been disconnected all along, or no message
/// (WAL or keepalive) has reached it, with keepalive settings that make silence mean something. A monitor that merely
/// lost its own path to the primary never promotes over a primary its standbys still follow.
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

        var downFrom = new List<(string Vantage, DateTimeOffset Since, TimeSpan Span)>();
        var healthyFrom = new List<(string Vantage, DateTimeOffset Since, TimeSpan Span)>();
        foreach (var vantage in vantages)
        {
            if (Continuous(subjects, vantage, o => !o.Healthy, now) is { } down)
            {
                downFrom.Add((vantage, down.Since, down.Span));
            }

            if (Continuous(subjects, vantage, o => o.Healthy, now) is { } up)
            {
                healthyFrom.Add((vantage, up.Since, up.Span));
            }
        }

        var majority = vantages.Count / 2 + 1;
        var clearAfter = trigger.ClearAfter ?? trigger.For;
        var healthy = healthyFrom.Count(h => h.Span >= clearAfter) >= majority;
        var longEnough = downFrom.Where(d => d.Span >= trigger.For).ToList();
        // The majority's window starts when the last vantage point of the majority began to see the outage.
        var since = downFrom.Count >= majority ? downFrom.Select(d => d.Since).Order().ElementAt(majority - 1) : (DateTimeOffset?)null;
        var seen = $"down from {downFrom.Count} of {vantages.Count} vantage points ({string.Join(", ", vantages.Select(v => downFrom.Any(d => d.Vantage == v) ? v + " ✗" : v + " ✓"))})";
        var resources = subjects.Select(s => s.Resource).Distinct(StringComparer.Ordinal).ToList();
        var began = since is { } from ? LastSeenHealthy(subjects, vantages, from) ?? from : (DateTimeOffset?)null;
        if (longEnough.Count < majority)
        {
            return new TriggerAssessment(false, healthy, since, $"{trigger.Subject} {seen}; needs {majority} for {Seconds(trigger.For)}", downFrom.Count > 0 ? resources : []) { OutageBegan = began };
        }

        foreach (var database in subjects.Where(s => s.Kind == "postgres"))
        {
            if (StandbysConfirm(database.Resource, trigger.For, now) is { } objection)
            {
                return new TriggerAssessment(false, healthy, since, $"{trigger.Subject} {seen} for {Seconds(trigger.For)}, but {objection}", resources) { OutageBegan = began };
            }
        }

        return new TriggerAssessment(true, false, since, $"{trigger.Subject} {seen}, continuously for at least {Seconds(trigger.For)}; standbys confirm they hear nothing from the primary", resources) { OutageBegan = began };
    }

    /// <summary>
    /// The latest moment before the evidence began at which any vantage point saw any of the subjects healthy. A stall
    /// of the monitor restarts the evidence but not the outage: dating the outage from the evidence would make the RTO
    /// look shorter than it was, and a self-fencing agent's lease look as if it had lapsed before the outage.
    /// </summary>
    private DateTimeOffset? LastSeenHealthy(IReadOnlyList<ProbeCall> subjects, IReadOnlyList<string> vantages, DateTimeOffset evidenceBegan) =>
        subjects.SelectMany(s => vantages.Select(v => window.LastBefore(s.Resource, v, evidenceBegan, o => o.Healthy)?.At))
            .Where(at => at is not null)
            .Max();

    /// <summary>Null when every standby of the database has positively heard nothing from it for the window; otherwise why not.</summary>
    private string? StandbysConfirm(string primary, TimeSpan span, DateTimeOffset now)
    {
        var standbys = calls.Where(c => c.Kind == "postgres" && c.Resource != primary && window.Latest(c.Resource)?.Field("role") == "standby").ToList();
        if (standbys.Count == 0)
        {
            return "no standby can confirm the primary is gone";
        }

        var primaryLastSeen = LastHealthy(primary);
        foreach (var standby in standbys)
        {
            var latest = window.Latest(standby.Resource)!;
            if (!latest.Healthy || now - latest.At > freshness)
            {
                return $"standby {standby.Resource} cannot be asked ({latest.Detail})";
            }

            var silence = Silence(standby.Resource, latest, primaryLastSeen, span, now);
            if (silence < span)
            {
                var age = latest.Field("last_wal_receipt_age_s");
                return $"standby {standby.Resource} still hears from the primary (replication {latest.Field("replication_state")}{(age.Length > 0 ? $", last message {age}s ago" : "")}; silent for {Seconds(silence)} of {Seconds(span)})";
            }
        }

        return null;
    }

    /// <summary>
    /// How long the standby has certainly heard nothing from the primary: since the start of its continuous run of
    /// disconnected observations, or, while it streams, the age of its last message, when its keepalive settings make
    /// that age mean silence (an idle primary sends no WAL; only keepalives show it is alive).
    /// </summary>
    private TimeSpan Silence(string standby, Observation latest, Observation? primary, TimeSpan span, DateTimeOffset now)
    {
        if (latest.Field("replication_state") != "streaming")
        {
            // A probe the standby did not answer in time (a busy host) does not break the run: the monitor was watching,
            // and it saw no streaming. Only a gap in the monitor's own attention, or a streaming answer, does. The
            // silence counts from the first answer that said disconnected.
            return window.Continuous(standby, latest.Vantage, o => !o.Healthy || o.Field("replication_state") != "streaming", now) is { } run
                && window.FirstSince(standby, latest.Vantage, run.Since, o => o.Healthy && o.Field("replication_state") != "streaming") is { } first
                ? run.Until - first.At
                : TimeSpan.Zero;
        }

        return StandbyKeepalive.Trusted(latest, primary, span)
            && double.TryParse(latest.Field("last_wal_receipt_age_s"), NumberStyles.Float, CultureInfo.InvariantCulture, out var age)
            ? TimeSpan.FromSeconds(age)
            : TimeSpan.Zero;
    }

    /// <summary>The primary's latest observation when it was healthy, for its keepalive settings; while it is down, only the standby's own settings count.</summary>
    private Observation? LastHealthy(string resource) => window.Latest(resource) is { Healthy: true } latest ? latest : null;

    /// <summary>When every subject has matched continuously from this vantage point, the evidence all of them cover (latest start, earliest end); else null.</summary>
    private EvidenceRun? Continuous(IReadOnlyList<ProbeCall> subjects, string vantage, Func<Observation, bool> predicate, DateTimeOffset now)
    {
        EvidenceRun? all = null;
        foreach (var subject in subjects)
        {
            if (window.Continuous(subject.Resource, vantage, predicate, now) is not { } run)
            {
                return null;
            }

            all = all is { } a ? new EvidenceRun(run.Since > a.Since ? run.Since : a.Since, run.Until < a.Until ? run.Until : a.Until) : run;
        }

        return all;
    }

    private static string Seconds(TimeSpan span) => Core.Time.DurationText.Format(span);
}
