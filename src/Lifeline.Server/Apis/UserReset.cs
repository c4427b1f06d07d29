namespace Lifeline.Server.Apis;

/// <summary>What an admin's reset of a user ended: open sessions and live API tokens.</summary>
public sealed record UserReset(string Username, int SessionsEnded, int TokensRevoked);
