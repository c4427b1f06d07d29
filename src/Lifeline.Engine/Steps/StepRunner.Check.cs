using Lifeline.Core.Plans;
using Lifeline.Core.Providers;
using Lifeline.Core.Time;

namespace Lifeline.Engine.Steps;

internal sealed partial class StepRunner
{
    private async Task<StepResult> RunCheckAsync(StepAttempt attempt, CheckBody body, CancellationToken cancellationToken)
    {
        var (provider, settings, error) = Bind(body.Probe, body.Target);
        if (provider is null)
        {
            return StepResult.Failed(error!);
        }

        var inputs = ResolvedInputs.Resolve(body.With, _expressions);
        if (!inputs.Ok)
        {
            return StepResult.Failed(string.Join("; ", inputs.Errors));
        }

        var expect = new List<Expectation>(body.Expect.Count);
        foreach (var expectation in body.Expect)
        {
            var (value, errors) = Core.Expressions.ExpressionEvaluator.Resolve(expectation.Value, _expressions);
            if (value is null)
            {
                return StepResult.Failed($"expect {expectation.Field}: {string.Join("; ", errors)}");
            }

            expect.Add(expectation with { Value = value.Value });
        }

        var timeout = StepDefaults.TimeoutFor(attempt.Step) ?? StepDefaults.CheckTimeout;
        var deadline = session.Time.GetUtcNow() + timeout;
        var request = new ProbeRequest(body.Probe, body.Target, settings.Values, inputs.Values, Context(attempt));
        var expectations = string.Join(", ", expect);
        attempt.Log.Write($"{body.Probe}{(body.Target is null ? "" : $" on {body.Target}")} until {expectations}");
        var observations = 0;
        while (true)
        {
            var outcome = await provider.ProbeAsync(request, cancellationToken);
            observations++;
            if (outcome.Error is not null)
            {
                return StepResult.Failed(outcome.Error);
            }

            var (holds, detail) = ExpectationEvaluator.Evaluate(expect, outcome.Fields);
            if (holds)
            {
                return StepResult.Succeeded(outcome.Fields);
            }

            var remaining = deadline - session.Time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return StepResult.Failed($"expectation not met within {DurationText.Format(timeout)} ({observations} observations): {detail}", transient: true);
            }

            await Task.Delay(body.Interval < remaining ? body.Interval : remaining, session.Time, cancellationToken);
        }
    }

    private async Task<StepResult> RunWaitAsync(StepAttempt attempt, WaitBody body, CancellationToken cancellationToken)
    {
        var remaining = attempt.FirstStartedAt + body.Duration - session.Time.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            attempt.Log.Write($"waiting {DurationText.Format(remaining)}");
            await Task.Delay(remaining, session.Time, cancellationToken);
        }

        return StepResult.Succeeded();
    }
}
