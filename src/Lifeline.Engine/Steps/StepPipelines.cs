using Lifeline.Core.Plans;
using Lifeline.Core.Time;
using Lifeline.Core.Vocabulary;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Lifeline.Engine.Steps;

/// <summary>
/// Builds a step's Polly pipeline: retry with backoff (outer) around a per-attempt timeout (inner). Checks, waits and
/// gates keep their own clocks, because their "timeout" means "how long to keep looking", not "abandon the attempt".
/// </summary>
internal static class StepPipelines
{
    public static ResiliencePipeline<StepResult> Build(Step step, TimeProvider time, Func<int, StepResult?, TimeSpan, ValueTask> onRetry)
    {
        var builder = new ResiliencePipelineBuilder<StepResult> { TimeProvider = time };
        var retry = step.Retry;
        if (retry.Attempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<StepResult>
            {
                MaxRetryAttempts = retry.Attempts - 1,
                Delay = retry.Delay,
                MaxDelay = retry.MaxDelay,
                UseJitter = false,
                BackoffType = retry.Backoff switch
                {
                    RetryBackoff.Linear => DelayBackoffType.Linear,
                    RetryBackoff.Exponential => DelayBackoffType.Exponential,
                    _ => DelayBackoffType.Constant,
                },
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is TimeoutRejectedException
                    || (args.Outcome.Result is { IsFailure: true } result && (!retry.TransientOnly || result.IsTransient))),
                OnRetry = args => onRetry(args.AttemptNumber + 1, args.Outcome.Result, args.RetryDelay),
            });
        }

        if (step.Kind is StepKind.Action or StepKind.Shell or StepKind.Notify && StepDefaults.TimeoutFor(step) is { } timeout)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { Timeout = timeout });
        }

        return builder.Build();
    }

    public static StepResult ToResult(Outcome<StepResult> outcome, Step step) => outcome.Exception switch
    {
        null => outcome.Result!,
        TimeoutRejectedException => StepResult.Failed($"timed out after {DurationText.Format(StepDefaults.TimeoutFor(step) ?? TimeSpan.Zero)}", transient: true),
        OperationCanceledException => throw outcome.Exception,
        var ex => StepResult.Failed($"{WireName.Of(step.Kind)} step failed unexpectedly: {ex.Message}"),
    };

    public static string Describe(StepResult? result) => result?.Error ?? "timed out";
}
