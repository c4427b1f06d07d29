namespace Lifeline.Engine.Monitoring;

/// <summary>A resource's monitor probe, bound to a provider in one profile with its settings resolved.</summary>
public sealed record ProbeCall(
    string Resource,
    string Site,
    string Kind,
    bool Critical,
    string Provider,
    string Probe,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyDictionary<string, string> Inputs,
    IReadOnlyDictionary<string, string> Expect);
