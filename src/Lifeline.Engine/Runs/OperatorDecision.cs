namespace Lifeline.Engine.Runs;

/// <summary>
/// A person's decision on a run: an approval (or rejection) of a gate, confirmation of a manual task, or what to do
/// with an interrupted step. <see cref="Automatic"/> marks approvals granted by a drill's auto-approve policy.
/// </summary>
public sealed record OperatorDecision(
    string RunId,
    string StepId,
    DecisionKind Kind,
    string By,
    string? Reason,
    bool Automatic,
    DateTimeOffset At);
