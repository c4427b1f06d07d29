using Lifeline.Core.Providers;

namespace Lifeline.Engine.Monitoring;

/// <summary>
/// Runs every probe once, in parallel, from one vantage point. A probe gets the probe timeout and no more, so one
/// hung server cannot stall a round: an overdue probe counts as a failed observation.
/// </summary>
public sealed class Prober(ProviderRegistry providers, IReadOnlyList<ProbeCall> calls, string vantage, TimeSpan timeout, TimeProvider time)
{
    private static readonly IStepLog Discard = new DiscardLog();

    public string Vantage => vantage;

    public IReadOnlyList<ProbeCall> Calls => calls;

    public async Task<IReadOnlyList<Observation>> ProbeAllAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(calls.Select(call => ProbeAsync(call, cancellationToken)));

    public async Task<Observation> ProbeAsync(ProbeCall call, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        if (providers.Implementation(call.Provider) is not { } provider)
        {
            return new Observation(call.Resource, vantage, at, false, new Dictionary<string, string>(), $"provider '{call.Provider}' cannot probe here");
        }

        var inputs = new Dictionary<string, string>(call.Inputs, StringComparer.Ordinal);
        if (call.Kind == "http")
        {
            inputs.TryAdd("timeout", Core.Time.DurationText.Format(timeout));
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            var context = new StepContext("monitor", call.Resource, 1, 0, RunMode.Live, Discard);
            var outcome = await provider.ProbeAsync(new ProbeRequest(call.Probe, call.Resource, call.Settings, inputs, context), limit.Token).AsTask().WaitAsync(limit.Token);
            if (outcome.Error is { } error)
            {
                return new Observation(call.Resource, vantage, at, false, outcome.Fields, error);
            }

            var (healthy, detail) = HealthJudge.Judge(call, outcome.Fields);
            return new Observation(call.Resource, vantage, at, healthy, outcome.Fields, detail);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Observation(call.Resource, vantage, at, false, new Dictionary<string, string> { ["reachable"] = "false" }, $"no answer within {timeout.TotalMilliseconds:0} ms");
        }
    }

    private sealed class DiscardLog : IStepLog
    {
        public void Write(string line)
        {
        }
    }
}
