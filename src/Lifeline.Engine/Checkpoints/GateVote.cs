namespace Lifeline.Engine.Checkpoints;

/// <summary>
/// What the store did with a gate decision, decided inside one write transaction: recorded it (and whether that resolved
/// the gate), or refused it (<see cref="Conflict"/>) because the gate was already resolved or this person had already
/// approved it. <see cref="Approvers"/> are the distinct approvers after the decision.
/// </summary>
public sealed record GateVote(bool Recorded, bool Resolved, IReadOnlyList<string> Approvers, string? Conflict);
