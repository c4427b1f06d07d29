using Lifeline.Core.Plans;
using Lifeline.Core.Providers;

namespace Lifeline.Engine.Steps;

internal sealed partial class StepRunner
{
    private async Task<StepResult> RunActionAsync(StepAttempt attempt, ActionBody body, CancellationToken cancellationToken)
    {
        var (provider, settings, error) = Bind(body.Operation, body.Target);
        if (provider is null)
        {
            return StepResult.Failed(error!);
        }

        // The fencing token: a later decision on this estate supersedes this run, and its actions must not land.
        var latest = await session.Store.LatestEpochAsync(session.Run.EstateName, session.Run.Profile, cancellationToken);
        if (latest > session.Run.Epoch)
        {
            return StepResult.Failed($"stale epoch {session.Run.Epoch}: a later decision (epoch {latest}) superseded this run; {body.Operation} refused");
        }

        if (await FenceByLeaseAsync(attempt, body, cancellationToken) is { } leased)
        {
            return leased;
        }

        var inputs = ResolvedInputs.Resolve(body.With, _expressions);
        if (!inputs.Ok)
        {
            return StepResult.Failed(string.Join("; ", inputs.Errors));
        }

        attempt.Log.Write($"{body.Operation}{(body.Target is null ? "" : $" on {body.Target}")} via {provider.Descriptor.Name}{Describe(inputs.Display)}");
        var outcome = await provider.ExecuteAsync(
            new OperationRequest(body.Operation, body.Target, settings.Values, inputs.Values, Context(attempt)),
            cancellationToken);
        return outcome.Succeeded
            ? StepResult.Succeeded(outcome.Outputs)
            : StepResult.Failed(outcome.Error ?? "failed", outcome.IsTransient);
    }

    private static string Describe(IReadOnlyDictionary<string, string> display) =>
        display.Count == 0 ? "" : " with " + string.Join(", ", display.Select(kv => $"{kv.Key}={kv.Value}"));
}
