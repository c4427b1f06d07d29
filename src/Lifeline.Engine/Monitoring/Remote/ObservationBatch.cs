namespace Lifeline.Engine.Monitoring.Remote;

/// <summary>What an agent posts to the control plane each round: its vantage point, what it saw, and the lease it renews, if any.</summary>
public sealed record ObservationBatch(string Vantage, IReadOnlyList<RemoteObservation> Observations, LeaseClaim? Lease = null);
