using Lifeline.Core.Providers;
using Lifeline.Core.Time;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Providers.Sleep;

/// <summary>Takes a given time to succeed (or fail, with <c>fail: true</c>): for tests of timeouts, retries and parallelism.</summary>
internal sealed class SleepProvider(TimeProvider time) : IProvider
{
    public ProviderDescriptor Descriptor { get; } = new(Operations.Sleep.Provider, "Sleeps (tests, benchmarks).", [Operations.Sleep.Run], [], []);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (!DurationText.TryParse(request.Inputs.GetValueOrDefault("duration"), out var duration))
        {
            return OperationOutcome.Failure($"duration '{request.Inputs.GetValueOrDefault("duration")}' is not valid; expected {DurationText.Expected}");
        }

        await Task.Delay(duration, time, cancellationToken);
        if (request.Inputs.GetValueOrDefault("fail") == "true")
        {
            return OperationOutcome.Failure("failed on purpose", request.Inputs.GetValueOrDefault("transient") == "true");
        }

        return OperationOutcome.Success(new Dictionary<string, string> { ["slept"] = DurationText.Format(duration) });
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeOutcome.Invalid("the sleep provider has no probes"));
}
