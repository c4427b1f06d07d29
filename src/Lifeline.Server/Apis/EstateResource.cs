namespace Lifeline.Server.Apis;

public sealed record EstateResource(string Id, string Kind, string Site, string? Tier, string? DataClass, string Description, IReadOnlyList<string> Profiles);
