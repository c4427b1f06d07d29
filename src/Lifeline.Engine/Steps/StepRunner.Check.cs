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

        var request = new ProbeRequest(body.Probe, body.Target, settings.Values, inputs.Values, Context(attempt));
        if (body.Hold is { } hold)
        {
            return await HoldAsync(attempt, body, provider, request, expect, hold, cancellationToken);
        }

        var timeout = StepDefaults.TimeoutFor(attempt.Step) ?? StepDefaults.CheckTimeout;
        var deadline = session.Time.GetUtcNow() + timeout;
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

    /// <summary>
    /// A soak: the expectation must hold at every probe from now until <paramref name="hold"/> has passed. The window
    /// counts from this attempt's start, not the step's first: a resumed run saw nothing in between, so it soaks again.
    /// The first probe that does not hold fails the step, and that is not transient: the thing soaked did fail.
    /// </summary>
    private async Task<StepResult> HoldAsync(
        StepAttempt attempt, CheckBody body, IProvider provider, ProbeRequest request, IReadOnlyList<Expectation> expect, TimeSpan hold, CancellationToken cancellationToken)
    {
        var start = session.Time.GetUtcNow();
        var until = start + hold;
        attempt.Log.Write($"{body.Probe}{(body.Target is null ? "" : $" on {body.Target}")}: {string.Join(", ", expect)} must hold at every probe for {DurationText.Format(hold)}, every {DurationText.Format(body.Interval)}");
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
            var now = session.Time.GetUtcNow();
            if (!holds)
            {
                return StepResult.Failed($"did not hold for {DurationText.Format(hold)}: probe {observations} after {DurationText.Format(now - start)}: {detail}");
            }

            if (now >= until)
            {
                attempt.Log.Write($"held for {DurationText.Format(now - start)} ({observations} observations)");
                return StepResult.Succeeded(outcome.Fields);
            }

            var remaining = until - now;
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
