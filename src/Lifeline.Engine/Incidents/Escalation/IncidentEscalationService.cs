using System.Globalization;
using Lifeline.Core.Estates;
using Lifeline.Core.Time;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Secrets;

namespace Lifeline.Engine.Incidents.Escalation;

/// <summary>
/// Pages the estate's escalation levels for incidents nobody has acknowledged, and sends breach-clock reminders, each
/// once. What was sent is recorded on the incident's timeline (<c>paged level N: …</c>, <c>breach reminder …</c>) and in
/// the audit trail, and the timeline is what decides what is still due — so a restarted process (or the next
/// <c>lifeline incident escalate</c>) never pages a level twice. A notice that fails is not recorded and is tried again on
/// the next tick. Call <see cref="TickAsync(DateTimeOffset, CancellationToken)"/> on a timer; run one ticker per state
/// file (two tickers racing could both page a level before either records it).
/// </summary>
public sealed class IncidentEscalationService(SqliteIncidentStore incidents, Estate estate, IIncidentNotifier notifier, IAuditTrail? audit = null)
{
    /// <summary>The author of the entries and audit records the service writes.</summary>
    public const string Actor = "lifeline-escalation";

    /// <summary>Evaluates every incident at <paramref name="now"/>: pages for open, unacknowledged ones; reminders for possible breaches.</summary>
    public async Task<EscalationTick> TickAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var notices = new List<NoticeResult>();
        var all = await incidents.ListAsync(cancellationToken);
        foreach (var incident in all)
        {
            notices.AddRange(await EvaluateAsync(incident, now, cancellationToken));
        }

        return new EscalationTick(now, all.Count, notices);
    }

    /// <summary>Evaluates one incident at <paramref name="now"/>; an error when there is no such incident.</summary>
    public async Task<(EscalationTick? Tick, string? Error)> TickAsync(string incidentId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken) is not { } incident)
        {
            return (null, $"no incident '{incidentId}'; see lifeline incident list");
        }

        return (new EscalationTick(now, 1, await EvaluateAsync(incident, now, cancellationToken)), null);
    }

    /// <summary>The notices due for <paramref name="incident"/> at <paramref name="now"/> that its timeline does not show as sent.</summary>
    internal IReadOnlyList<IncidentNotice> Due(Incident incident, IReadOnlyList<IncidentEntry> entries, DateTimeOffset now)
    {
        var due = new List<IncidentNotice>();
        var acknowledged = entries.Any(e => e.Kind == IncidentEntryKind.Acknowledged);
        if (incident.Status != IncidentStatus.Resolved && !acknowledged)
        {
            var elapsed = now - incident.OpenedAt;
            foreach (var level in EscalationRules.Due(estate.Escalation, incident.Severity, elapsed))
            {
                var key = EscalationRules.Key(level);
                if (!Recorded(entries, IncidentEntryKind.Paged, key))
                {
                    due.Add(Page(incident, level, key, elapsed));
                }
            }
        }

        if (incident.PossibleBreach)
        {
            foreach (var deadline in BreachClock.Deadlines(incident.OpenedAt, now))
            {
                var reached = BreachReminders.Reached(deadline, now);
                if (reached.Count == 0)
                {
                    continue;
                }

                // Sent already when this milestone, or a later one, is on the timeline.
                var (key, label) = reached[^1];
                var keys = BreachReminders.Keys(deadline.Rule);
                if (!keys.Skip(keys.ToList().IndexOf(key)).Any(k => Recorded(entries, IncidentEntryKind.BreachReminder, k)))
                {
                    due.Add(Reminder(incident, deadline, key, label));
                }
            }
        }

        return due;
    }

    private async Task<IReadOnlyList<NoticeResult>> EvaluateAsync(Incident incident, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (incident.Status == IncidentStatus.Resolved && !incident.PossibleBreach)
        {
            return [];
        }

        var entries = await incidents.EntriesAsync(incident.Id, cancellationToken);
        var results = new List<NoticeResult>();
        foreach (var notice in Due(incident, entries, now))
        {
            var outcome = await SendAsync(notice, cancellationToken);
            if (!outcome.Delivered)
            {
                results.Add(new NoticeResult(incident.Id, notice.Kind, notice.Key, notice.To, false, outcome.Via, outcome.Error, null));
                continue;
            }

            var kind = notice.Kind == NoticeKind.Page ? IncidentEntryKind.Paged : IncidentEntryKind.BreachReminder;
            var text = $"{notice.Key}: {string.Join(", ", notice.To.Select(Describe))} via {outcome.Via}";
            var entry = await incidents.AppendEntryAsync(incident.Id, new IncidentEntryDraft(now, now, kind, Actor, text), cancellationToken);
            if (audit is not null)
            {
                var detail = new Dictionary<string, string> { ["notice"] = notice.Key, ["to"] = string.Join(",", notice.To), ["via"] = outcome.Via, ["subject"] = notice.Subject };
                var action = notice.Kind == NoticeKind.Page ? "incident.paged" : "incident.breach-reminder";
                await audit.AppendAsync(AuditEntry.Create(Actor, action, detail, new Redactor(), incidentId: incident.Id), cancellationToken);
            }

            results.Add(new NoticeResult(incident.Id, notice.Kind, notice.Key, notice.To, true, outcome.Via, null, entry?.Sequence));
        }

        return results;
    }

    /// <summary>A notifier that throws fails this notice (tried again next tick); it never takes the ticker down.</summary>
    private async Task<NoticeOutcome> SendAsync(IncidentNotice notice, CancellationToken cancellationToken)
    {
        try
        {
            return await notifier.SendAsync(notice, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return NoticeOutcome.Failed(notifier.GetType().Name, $"the notifier failed unexpectedly: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static bool Recorded(IReadOnlyList<IncidentEntry> entries, IncidentEntryKind kind, string key) =>
        entries.Any(e => e.Kind == kind && e.Text.StartsWith(key + ":", StringComparison.Ordinal));

    private IncidentNotice Page(Incident incident, EscalationLevel level, string key, TimeSpan elapsed)
    {
        var why = level.After > elapsed
            ? $"{incident.Severity}: the executive level is paged at once"
            : $"not acknowledged {DurationText.Format(elapsed < TimeSpan.Zero ? TimeSpan.Zero : elapsed)} after it opened";
        var subject = $"[{incident.Severity}] {incident.Title} - escalation level {level.Level.ToString(CultureInfo.InvariantCulture)}";
        var message = $"Incident {incident.Id}: {incident.Title} ({incident.Severity}, {IncidentService.Name(incident.Status)}), opened {incident.OpenedAt:u}; "
            + $"commander {incident.Commander}. Paging level {level.Level.ToString(CultureInfo.InvariantCulture)} ({string.Join(", ", level.Contacts.Select(Describe))}): {why}.\n"
            + $"Acknowledge with: lifeline incident ack {incident.Id}";
        return new IncidentNotice(incident.Id, NoticeKind.Page, key, level.Contacts, subject, message);
    }

    private IncidentNotice Reminder(Incident incident, BreachDeadline deadline, string key, string label)
    {
        var subject = $"[{deadline.Rule}] {incident.Title} - breach deadline {deadline.Due:u} ({label})";
        var message = $"Incident {incident.Id} ({incident.Title}) was flagged as a possible PHI breach, discovered {incident.OpenedAt:u}.\n"
            + $"{deadline.Rule}: {deadline.Obligation} by {deadline.Due:u} - {label}.";
        return new IncidentNotice(incident.Id, NoticeKind.BreachReminder, key, ReminderRecipients(), subject, message);
    }

    /// <summary>
    /// Breach reminders go to the estate's compliance or privacy contacts (by id or role), else to the top escalation
    /// level, else to every contact.
    /// </summary>
    private IReadOnlyList<string> ReminderRecipients()
    {
        var compliance = estate.Contacts
            .Where(c => new[] { c.Id, c.Role }.Any(t => t.Contains("compliance", StringComparison.OrdinalIgnoreCase) || t.Contains("privacy", StringComparison.OrdinalIgnoreCase)))
            .Select(c => c.Id)
            .ToList();
        if (compliance.Count > 0)
        {
            return compliance;
        }

        return estate.Escalation.Count > 0
            ? estate.Escalation.MaxBy(l => l.Level)!.Contacts
            : [.. estate.Contacts.Select(c => c.Id)];
    }

    private string Describe(string contactId) =>
        estate.FindContact(contactId) is { } contact && contact.Name != contactId ? $"{contactId} ({contact.Name})" : contactId;
}
