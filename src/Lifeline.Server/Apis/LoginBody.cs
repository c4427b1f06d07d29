namespace Lifeline.Server.Apis;

public sealed record LoginBody(string Username, string Password);
