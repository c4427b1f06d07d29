namespace Lifeline.Server.Apis;

/// <summary>A new API token for the signed-in user: what it is for, and how many days it lasts (default 90, at most 3650).</summary>
public sealed record TokenBody(string? Name, int? ExpiresInDays);
