namespace Lifeline.Providers.Communications.Templates;

/// <summary>
/// What a caller knows of an incident when it wants to tell people about it. <see cref="MessageModel.From"/> turns it
/// into the plain strings and numbers a template may see; nothing else (step outputs, patient data) goes in.
/// </summary>
public sealed record IncidentFacts(
    string Title,
    string Severity,
    string Status,
    string RunId,
    string Scenario,
    DateTimeOffset StartedAt,
    IReadOnlyList<PhaseProgress> Phases,
    TimeSpan UpdateInterval,
    string Contact,
    IReadOnlyList<string> Services)
{
    /// <summary>Why the message goes out, in the operator's words (a plan's <c>reason:</c>, e.g. its reason input).</summary>
    public string Reason { get; init; } = "";

    /// <summary>What users can do meanwhile (a plan's <c>workaround:</c>); empty when the notice has none.</summary>
    public string Workaround { get; init; } = "";
}
