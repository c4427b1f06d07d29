namespace Lifeline.Server.Apis;

public sealed record EstateSite(string Id, string Role, string? Region, string Description);
