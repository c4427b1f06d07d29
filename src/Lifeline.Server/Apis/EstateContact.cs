namespace Lifeline.Server.Apis;

public sealed record EstateContact(string Id, string Name, string Role);
