using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Providers.Noop;

/// <summary>Does nothing, successfully: for tests, benchmarks and plan skeletons.</summary>
internal sealed class NoopProvider : IProvider
{
    private static readonly ValueTask<ProbeOutcome> Empty = ValueTask.FromResult(ProbeOutcome.Observed(new Dictionary<string, string>()));

    public ProviderDescriptor Descriptor { get; } = new(Operations.Noop.Provider, "Does nothing (tests, benchmarks).", [Operations.Noop.Run], [Operations.Noop.Observe], []);

    public ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(OperationOutcome.Success(request.Inputs));

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        request.Inputs.Count == 0 ? Empty : ValueTask.FromResult(ProbeOutcome.Observed(request.Inputs));
}
