namespace Lifeline.Server.Runs;

/// <summary>
/// A sandbox drill started from the server: the local two-region estate brought up, failed and recovered by the
/// region-failover plan, with its gate left to people (four-eyes applies). <see cref="RunId"/> appears once the plan starts.
/// </summary>
public sealed record SandboxDrill(
    string Id,
    string Estate,
    string StartedBy,
    DateTimeOffset StartedAt,
    string Status,
    string? RunId,
    string? IncidentId,
    IReadOnlyList<string> Progress,
    string? Error);
