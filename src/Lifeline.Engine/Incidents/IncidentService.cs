using System.Globalization;
using System.Security.Cryptography;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Checkpoints;
using Lifeline.Engine.Secrets;

namespace Lifeline.Engine.Incidents;

/// <summary>
/// Opens incidents, records what people say and decide about them, and assembles their timelines from those entries and
/// the linked runs' events. Rule violations come back as error messages, not exceptions. With an
/// <paramref name="audit"/> trail, acknowledgements are also written there. Severities and their response times come
/// from <paramref name="severities"/>, the estate's table (<see cref="SeverityLevel.Of"/>), or the default table.
/// </summary>
public sealed partial class IncidentService(SqliteIncidentStore incidents, IRunStore runs, TimeProvider time, IAuditTrail? audit = null, IReadOnlyList<SeverityLevel>? severities = null)
{
    private readonly IReadOnlyList<SeverityLevel> _severities = severities ?? SeverityLevel.All;

    public async Task<(Incident? Incident, string? Error)> OpenAsync(
        string title, string severity, string? scenario, string by, string? commander, bool possibleBreach, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        if (SeverityLevel.Find(severity, _severities) is not { } level)
        {
            return (null, $"severity '{severity}' is not known; expected one of {string.Join(", ", _severities.Select(s => s.Name))}");
        }

        var now = time.GetUtcNow();
        var opened = at ?? now;
        var id = string.Create(CultureInfo.InvariantCulture, $"INC-{opened:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}");
        var incident = new Incident(id, title, scenario, level.Name, IncidentStatus.Investigating, commander ?? by, opened, by, null, IncidentImpact.Unknown, possibleBreach, []);
        var text = $"opened: {title} ({level.Name}, {level.Description}; respond {(level.ResponseTime == TimeSpan.Zero ? "immediately" : $"within {Core.Time.DurationText.Format(level.ResponseTime)}")})"
            + (possibleBreach ? "; flagged as a possible PHI breach" : "");
        await incidents.SaveAsync(incident, new IncidentEntryDraft(opened, now, IncidentEntryKind.Opened, by, text), cancellationToken);
        return (incident, null);
    }

    public async Task<(IncidentEntry? Entry, string? Error)> NoteAsync(string id, string by, string text, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(id, cancellationToken) is not { } incident)
        {
            return (null, NoIncident(id));
        }

        var now = time.GetUtcNow();
        return (await incidents.SaveAsync(incident, new IncidentEntryDraft(at ?? now, now, IncidentEntryKind.Note, by, text), cancellationToken), null);
    }

    /// <summary>Records that a note happened at another time. The note is not edited; the correction is a new entry.</summary>
    public async Task<(IncidentEntry? Entry, string? Error)> CorrectNoteTimeAsync(string id, long sequence, DateTimeOffset at, string by, string? reason, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(id, cancellationToken) is not { } incident)
        {
            return (null, NoIncident(id));
        }

        var entries = await incidents.EntriesAsync(id, cancellationToken);
        if (entries.FirstOrDefault(e => e.Sequence == sequence) is not { Kind: IncidentEntryKind.Note } note)
        {
            return (null, $"incident {id} has no note {sequence.ToString(CultureInfo.InvariantCulture)}; see lifeline incident show {id}");
        }

        var current = EffectiveTime(note, entries);
        var text = $"note {sequence.ToString(CultureInfo.InvariantCulture)} time corrected from {current:u} to {at:u}{(reason is null ? "" : $": {reason}")}";
        var now = time.GetUtcNow();
        return (await incidents.SaveAsync(incident, new IncidentEntryDraft(now, now, IncidentEntryKind.NoteTimeCorrected, by, text, sequence, at), cancellationToken), null);
    }

    public async Task<(Incident? Incident, string? Error)> SetStatusAsync(string id, IncidentStatus status, string by, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(id, cancellationToken) is not { } incident)
        {
            return (null, NoIncident(id));
        }

        if (incident.Status == IncidentStatus.Resolved)
        {
            return (null, $"incident {id} is resolved; open a new incident for a new event");
        }

        if (incident.Status == status)
        {
            return (incident, null);
        }

        var now = time.GetUtcNow();
        var updated = incident with { Status = status, ResolvedAt = status == IncidentStatus.Resolved ? now : null };
        await incidents.SaveAsync(updated, new IncidentEntryDraft(now, now, IncidentEntryKind.StatusChanged, by, $"status {Name(incident.Status)} → {Name(status)}"), cancellationToken);
        return (updated, null);
    }

    /// <summary>
    /// Records that <paramref name="by"/> has taken the incident: escalation stops (no level is paged after this). A
    /// second acknowledgement records nothing and returns the first.
    /// </summary>
    public async Task<(IncidentAcknowledgement? Acknowledgement, string? Error)> AcknowledgeAsync(string id, string by, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(id, cancellationToken) is not { } incident)
        {
            return (null, NoIncident(id));
        }

        var entries = await incidents.EntriesAsync(id, cancellationToken);
        if (entries.FirstOrDefault(e => e.Kind == IncidentEntryKind.Acknowledged) is { } first)
        {
            return (new IncidentAcknowledgement(id, first.Author, first.At, first.Sequence, AlreadyAcknowledged: true), null);
        }

        if (incident.Status == IncidentStatus.Resolved)
        {
            return (null, $"incident {id} is resolved; there is nothing to acknowledge");
        }

        var now = time.GetUtcNow();
        var paged = entries.Count(e => e.Kind == IncidentEntryKind.Paged);
        var text = $"acknowledged by {by} after {Core.Time.DurationText.Format(now - incident.OpenedAt)}; escalation stops"
            + (paged == 0 ? "" : $" ({paged.ToString(CultureInfo.InvariantCulture)} level(s) paged)");
        if (await incidents.AppendEntryAsync(id, new IncidentEntryDraft(now, now, IncidentEntryKind.Acknowledged, by, text), cancellationToken) is not { } entry)
        {
            return (null, NoIncident(id));
        }

        if (audit is not null)
        {
            var detail = new Dictionary<string, string> { ["text"] = text, ["severity"] = incident.Severity, ["entry"] = entry.Sequence.ToString(CultureInfo.InvariantCulture) };
            await audit.AppendAsync(AuditEntry.Create(by, "incident.acknowledged", detail, new Redactor(), incidentId: id), cancellationToken);
        }

        return (new IncidentAcknowledgement(id, by, now, entry.Sequence, AlreadyAcknowledged: false), null);
    }

    public async Task<(Incident? Incident, string? Error)> LinkRunAsync(string id, string runId, string by, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(id, cancellationToken) is not { } incident)
        {
            return (null, NoIncident(id));
        }

        if (await runs.GetRunAsync(runId, cancellationToken) is null)
        {
            return (null, $"no run '{runId}'; see lifeline runs list");
        }

        if (incident.Runs.Contains(runId))
        {
            return (incident, null);
        }

        var now = time.GetUtcNow();
        var updated = incident with { Runs = [.. incident.Runs, runId] };
        await incidents.SaveAsync(updated, new IncidentEntryDraft(now, now, IncidentEntryKind.RunLinked, by, $"run {runId} linked"), cancellationToken);
        return (updated, null);
    }

    public async Task<(Incident? Incident, string? Error)> RecordImpactAsync(string id, IncidentImpact impact, string by, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(id, cancellationToken) is not { } incident)
        {
            return (null, NoIncident(id));
        }

        var now = time.GetUtcNow();
        var updated = incident with { Impact = impact };
        var text = $"impact: {impact.UsersAffected?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} users affected; "
            + (impact.LostWrites is { } lost ? $"{lost.ToString(CultureInfo.InvariantCulture)} acknowledged writes lost (measured)" : "data loss unknown");
        await incidents.SaveAsync(updated, new IncidentEntryDraft(now, now, IncidentEntryKind.ImpactRecorded, by, text), cancellationToken);
        return (updated, null);
    }

    public Task<Incident?> GetAsync(string id, CancellationToken cancellationToken) => incidents.GetAsync(id, cancellationToken);

    public Task<IReadOnlyList<Incident>> ListAsync(CancellationToken cancellationToken) => incidents.ListAsync(cancellationToken);

    /// <summary>The incident with its timeline: entries (at their corrected times) and every event of its linked runs.</summary>
    public async Task<IncidentView?> ViewAsync(string id, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(id, cancellationToken) is not { } incident)
        {
            return null;
        }

        var entries = await incidents.EntriesAsync(id, cancellationToken);
        var items = entries.Select(e => new TimelineItem(EffectiveTime(e, entries), "incident", e.Kind.ToString(), e.Author, e.Text, e.Sequence)).ToList();
        var deliveries = new List<Deliveries.DeliveryRecord>();
        foreach (var runId in incident.Runs)
        {
            deliveries.AddRange(await runs.GetDeliveriesAsync(runId, cancellationToken));
            foreach (var runEvent in await runs.GetEventsAsync(runId, cancellationToken))
            {
                if (runEvent.Kind is not Runs.RunEventKind.StepLog)
                {
                    items.Add(new TimelineItem(runEvent.At, $"run {runId}", runEvent.Kind.ToString(), runEvent.StepId ?? runEvent.PhaseId ?? "", runEvent.Message, null));
                }
            }
        }

        var level = SeverityLevel.Find(incident.Severity, _severities)!;
        var now = time.GetUtcNow();
        return new IncidentView(
            incident,
            level.Description,
            level.ResponseTime.TotalSeconds,
            [.. items.OrderBy(i => i.At).ThenBy(i => i.Sequence ?? long.MaxValue)],
            incident.PossibleBreach ? BreachClock.Deadlines(incident.OpenedAt, now) : [])
        {
            Deliveries = deliveries,
        };
    }

    internal static DateTimeOffset EffectiveTime(IncidentEntry entry, IReadOnlyList<IncidentEntry> all) =>
        all.LastOrDefault(e => e.Kind == IncidentEntryKind.NoteTimeCorrected && e.RefersTo == entry.Sequence)?.CorrectedAt ?? entry.At;

    internal static string Name(IncidentStatus status) => WireName.Of(status);

    private static string NoIncident(string id) => $"no incident '{id}'; see lifeline incident list";
}
