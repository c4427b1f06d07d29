namespace Lifeline.Server.Apis;

public sealed record UserItem(string Username, string Role, string? Contact, DateTimeOffset CreatedAt, bool Disabled);
