using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.Estates;

/// <summary>What is protected: sites, resources, objectives, contacts, and the profiles that bind resources to providers.</summary>
public sealed record Estate(
    string Name,
    string Description,
    IReadOnlyList<string> Profiles,
    IReadOnlyList<Site> Sites,
    IReadOnlyList<Resource> Resources,
    Objectives Objectives,
    IReadOnlyList<Contact> Contacts,
    IReadOnlyList<EscalationLevel> Escalation,
    IReadOnlyList<SecretDeclaration> Secrets,
    SourceLocation Location)
{
    /// <summary>The local topology <c>lifeline sandbox up</c> builds; null when the estate declares none.</summary>
    public Sandbox.SandboxTopology? Sandbox { get; init; }

    /// <summary>The testing calendar: drills and human tasks, each with a cadence and an owner.</summary>
    public IReadOnlyList<CalendarItem> Calendar { get; init; } = [];

    /// <summary>The severity table, P1 to P4 in order: the estate's rows, and the defaults for the levels it leaves out.</summary>
    public IReadOnlyList<SeverityDefinition> Severities { get; init; } = SeverityDefinition.Defaults;

    public Resource? FindResource(string id) => Resources.FirstOrDefault(r => r.Id == id);

    public Site? FindSite(string id) => Sites.FirstOrDefault(s => s.Id == id);

    public Contact? FindContact(string id) => Contacts.FirstOrDefault(c => c.Id == id);

    public SecretDeclaration? FindSecret(string name) => Secrets.FirstOrDefault(s => s.Name == name);
}
