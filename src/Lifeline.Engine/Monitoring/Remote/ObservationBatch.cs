namespace Lifeline.Engine.Monitoring.Remote;

/// <summary>
/// What an agent posts to the control plane each round: its vantage point, what it saw, how often it probes (so the
/// control plane knows when a gap in its reports means it went silent; agents that do not say are taken to probe at the
/// monitor's own interval), and the lease it renews, if any.
/// </summary>
public sealed record ObservationBatch(string Vantage, IReadOnlyList<RemoteObservation> Observations, double? IntervalMs = null, LeaseClaim? Lease = null);
