namespace Lifeline.Server.Apis;

/// <summary>The title anyone reading the public status page sees; the incident's own title stays internal.</summary>
public sealed record PublishIncidentBody(string Title);
