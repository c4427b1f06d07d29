namespace Lifeline.Engine.Scheduling;

internal sealed record SourcesSnapshot(string Root, string EstateFile, IReadOnlyDictionary<string, string> Files);
