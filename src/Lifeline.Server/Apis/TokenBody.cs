namespace Lifeline.Server.Apis;

public sealed record TokenBody(string Name);
