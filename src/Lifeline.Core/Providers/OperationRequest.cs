namespace Lifeline.Core.Providers;

/// <summary>
/// An operation to perform. <see cref="Settings"/> are the target's binding settings and <see cref="Inputs"/> the step's
/// <c>with</c> values, both with expressions and secrets already resolved.
/// </summary>
public sealed record OperationRequest(
    string Operation,
    string? Target,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyDictionary<string, string> Inputs,
    StepContext Context);
