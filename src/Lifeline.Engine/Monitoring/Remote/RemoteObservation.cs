namespace Lifeline.Engine.Monitoring.Remote;

/// <summary>One observation as it travels from an agent; the control plane stamps it with its own clock on receipt.</summary>
public sealed record RemoteObservation(string Resource, bool Healthy, IReadOnlyDictionary<string, string> Fields, string Detail);
