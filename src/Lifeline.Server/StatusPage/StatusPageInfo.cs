namespace Lifeline.Server.StatusPage;

public sealed record StatusPageInfo(string Id, string Name, string Url, string TimeZone, DateTimeOffset UpdatedAt);
