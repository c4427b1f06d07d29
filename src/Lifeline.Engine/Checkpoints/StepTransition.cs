using Lifeline.Engine.Runs;

namespace Lifeline.Engine.Checkpoints;

/// <summary>A step's change of state together with the timeline event that records it; stored in one transaction.</summary>
public sealed record StepTransition(StepRecord Step, RunEvent Event);
