namespace Lifeline.Server.StatusPage;

/// <summary>One public update on an incident, newest first.</summary>
public sealed record StatusIncidentUpdate(string Id, string Status, string Body, string IncidentId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset DisplayAt, bool DeliverNotifications);
