namespace Lifeline.Server.Apis;

/// <summary>Why: kept in the run's timeline and the audit trail. Required for break-glass.</summary>
public sealed record DecisionBody(string? Reason);
