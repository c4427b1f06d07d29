namespace Lifeline.Core.Providers;

public sealed record ProbeRequest(
    string Probe,
    string? Target,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyDictionary<string, string> Inputs,
    StepContext Context);
