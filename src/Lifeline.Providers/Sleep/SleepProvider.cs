using Lifeline.Core.Providers;
using Lifeline.Core.Time;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Providers.Sleep;

/// <summary>Takes a given time to succeed (or fail, with <c>fail: true</c>): for tests of timeouts, retries and parallelism.</summary>
internal sealed class SleepProvider(TimeProvider time) : IProvider
{
    private static readonly OperationDescriptor Run = new(
        "sleep.run",
        "Sleep, then succeed (or fail when fail=true).",
        [Required("duration", ParameterType.Duration, "How long."), Optional("fail", ParameterType.Boolean, "Fail after sleeping."), Optional("transient", ParameterType.Boolean, "Mark the failure transient.")],
        ["slept"],
        Idempotent: true);

    public ProviderDescriptor Descriptor { get; } = new("sleep", "Sleeps (tests, benchmarks).", [Run], [], []);

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
