namespace Lifeline.Server.Security;

/// <summary>An API token as listed: never its secret, which is stored only as a hash and shown once at creation.</summary>
public sealed record ApiTokenInfo(string Id, string Username, string Name, DateTimeOffset CreatedAt, bool Revoked, DateTimeOffset? ExpiresAt);
