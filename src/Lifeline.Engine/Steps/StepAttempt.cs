using Lifeline.Core.Plans;
using Lifeline.Core.Providers;

namespace Lifeline.Engine.Steps;

/// <summary>One attempt at one step. <see cref="FirstStartedAt"/> survives resume, so waits and gate timeouts do not restart.</summary>
internal sealed record StepAttempt(Step Step, Phase Phase, int Attempt, DateTimeOffset FirstStartedAt, IStepLog Log);
