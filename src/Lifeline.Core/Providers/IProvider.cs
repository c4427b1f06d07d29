namespace Lifeline.Core.Providers;

/// <summary>
/// Code that performs operations and probes on one kind of system. Expected failures come back as outcomes
/// (with <see cref="OperationOutcome.IsTransient"/> so retry policy can decide); exceptions mean bugs.
/// </summary>
public interface IProvider
{
    ProviderDescriptor Descriptor { get; }

    ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken);

    ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken);
}
