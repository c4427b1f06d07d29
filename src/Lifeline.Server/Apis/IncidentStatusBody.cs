namespace Lifeline.Server.Apis;

public sealed record IncidentStatusBody(string Status);
