namespace Lifeline.Core.Providers;

/// <summary>
/// Who is asking: the run, step, attempt and failover epoch every action carries, and where the step's log lines go.
/// </summary>
public sealed record StepContext(string RunId, string StepId, int Attempt, long Epoch, RunMode Mode, IStepLog Log);
