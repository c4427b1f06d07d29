namespace Lifeline.Benchmarks.ServerLoad;

/// <summary>
/// How long after it could start a step started: its StepStarted event minus the latest of its needs' finishing events
/// (or its phase's start when it needs nothing in that phase). The engine's own cost (two durable writes) is included.
/// </summary>
internal sealed record StepLag(string StepId, double LagMs);
