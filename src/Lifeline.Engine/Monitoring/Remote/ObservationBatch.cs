namespace Lifeline.Engine.Monitoring.Remote;

/// <summary>What an agent posts to the control plane each round: its vantage point and what it saw.</summary>
public sealed record ObservationBatch(string Vantage, IReadOnlyList<RemoteObservation> Observations);
