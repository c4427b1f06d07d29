using Lifeline.Core.Providers;

namespace Lifeline.Providers.Noop;

/// <summary>Does nothing, successfully: for tests, benchmarks and plan skeletons.</summary>
internal sealed class NoopProvider : IProvider
{
    private static readonly OperationDescriptor Run = new("noop.run", "Do nothing and succeed; echoes its inputs as outputs.", [], [], Idempotent: true);
    private static readonly ProbeDescriptor Observe = new(
        "noop.observe",
        "Observe its inputs as fields.",
        [ParameterDescriptor.Optional("value", ParameterType.String, "Observed back as the field 'value'.")],
        ["value"]);
    private static readonly ValueTask<ProbeOutcome> Empty = ValueTask.FromResult(ProbeOutcome.Observed(new Dictionary<string, string>()));

    public ProviderDescriptor Descriptor { get; } = new("noop", "Does nothing (tests, benchmarks).", [Run], [Observe], []);

    public ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(OperationOutcome.Success(request.Inputs));

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        request.Inputs.Count == 0 ? Empty : ValueTask.FromResult(ProbeOutcome.Observed(request.Inputs));
}
