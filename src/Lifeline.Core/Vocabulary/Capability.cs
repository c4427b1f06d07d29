using Lifeline.Core.Providers;

namespace Lifeline.Core.Vocabulary;

/// <summary>
/// One family of operations and probes that several providers implement (postgres in the sandbox, aws-rds in
/// production), so one plan runs on both. <see cref="UntargetedProvider"/> serves steps that name no target
/// (<c>check: http.get</c> with a <c>url</c>); null means every step of this capability needs a target.
/// </summary>
public sealed record Capability(
    string Name,
    string Description,
    IReadOnlyList<OperationDescriptor> Operations,
    IReadOnlyList<ProbeDescriptor> Probes,
    string? UntargetedProvider = null);
