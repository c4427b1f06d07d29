namespace Lifeline.Server.Security;

/// <summary>A new API token: <see cref="Token"/> is the secret, shown this once and never again. <see cref="ExpiresAt"/> null = never.</summary>
public sealed record CreatedToken(string Id, string Username, string Name, string Token, DateTimeOffset? ExpiresAt);
