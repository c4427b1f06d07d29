namespace Lifeline.Server.Apis;

public sealed record EstateSummary(string Name, string Description, IReadOnlyList<string> Profiles, int Sites, int Resources, IReadOnlyList<string> Plans, bool Loads);
