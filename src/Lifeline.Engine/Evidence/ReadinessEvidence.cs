namespace Lifeline.Engine.Evidence;

/// <summary>The readiness history in the period; when it is not stored anywhere, <see cref="Recorded"/> is false and <see cref="Reason"/> says why.</summary>
internal sealed record ReadinessEvidence(bool Recorded, string? Reason, IReadOnlyList<Readiness.ReadinessReport> Reports);
