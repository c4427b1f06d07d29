using Lifeline.Engine.Audit;
using Lifeline.Engine.Secrets;

namespace Lifeline.Engine.Incidents;

/// <summary>Publishing an incident on the public status page: private until someone gives it a public title.</summary>
public sealed partial class IncidentService
{
    /// <summary>The longest public title; the status page is fetched by anyone.</summary>
    public const int MaxPublicTitle = 200;

    /// <summary>
    /// Makes the incident public under <paramref name="title"/> (publishing again changes the public title). The internal
    /// title stays internal; with an audit trail, this is written there as <c>incident.published</c>.
    /// </summary>
    public async Task<(IncidentEntry? Entry, string? Error)> PublishAsync(string id, string title, string by, CancellationToken cancellationToken)
    {
        var trimmed = title.Trim();
        if (trimmed.Length == 0 || trimmed.Length > MaxPublicTitle || trimmed.Any(char.IsControl))
        {
            return (null, $"a public title is one line of 1 to {MaxPublicTitle} characters; it is what anyone reading the status page sees");
        }

        if (await incidents.GetAsync(id, cancellationToken) is null)
        {
            return (null, NoIncident(id));
        }

        var now = time.GetUtcNow();
        if (await incidents.AppendEntryAsync(id, new IncidentEntryDraft(now, now, IncidentEntryKind.Published, by, trimmed), cancellationToken) is not { } entry)
        {
            return (null, NoIncident(id));
        }

        if (audit is not null)
        {
            var detail = new Dictionary<string, string> { ["public_title"] = trimmed, ["entry"] = entry.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            await audit.AppendAsync(AuditEntry.Create(by, "incident.published", detail, new Redactor(), incidentId: id), cancellationToken);
        }

        return (entry, null);
    }

    /// <summary>The public title, or null while the incident is private.</summary>
    public async Task<string?> PublicTitleAsync(string id, CancellationToken cancellationToken) =>
        (await incidents.EntriesAsync(id, cancellationToken)).LastOrDefault(e => e.Kind == IncidentEntryKind.Published)?.Text;
}
