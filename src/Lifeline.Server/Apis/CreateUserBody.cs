namespace Lifeline.Server.Apis;

public sealed record CreateUserBody(string Username, string Password, string Role, string? Contact);
