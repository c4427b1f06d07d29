namespace Lifeline.Engine.Scheduling;

/// <summary>The sources a run was started from; <see cref="Narrowed"/> when they were one plan and its estate file.</summary>
internal sealed record SourcesSnapshot(string Root, string EstateFile, IReadOnlyDictionary<string, string> Files, bool Narrowed = false);
