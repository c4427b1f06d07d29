namespace Lifeline.Benchmarks.ServerLoad;

/// <summary>One polled API request: which endpoint, how long it took end to end, whether it succeeded.</summary>
internal sealed record LoadSample(string Endpoint, double LatencyMs, bool Ok);
