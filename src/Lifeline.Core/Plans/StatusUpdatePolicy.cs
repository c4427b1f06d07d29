namespace Lifeline.Core.Plans;

/// <summary>Every <see cref="Every"/> while a run executes, <see cref="Template"/> is rendered from the live run and sent.</summary>
public sealed record StatusUpdatePolicy(TimeSpan Every, string Template, IReadOnlyList<string> To, string? Channel);
