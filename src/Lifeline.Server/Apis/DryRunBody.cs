namespace Lifeline.Server.Apis;

public sealed record DryRunBody(string? Profile, string? Mode, IReadOnlyDictionary<string, string>? Inputs);
