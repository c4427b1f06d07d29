namespace Lifeline.Core.Providers;

/// <summary>
/// An operation's contract. <see cref="Idempotent"/> decides what resume does with a step that was in flight when
/// the control plane died: re-run it, or wait for an operator.
/// </summary>
public sealed record OperationDescriptor(
    string Name,
    string Description,
    IReadOnlyList<ParameterDescriptor> Inputs,
    IReadOnlyList<FieldDescriptor> Outputs,
    bool Idempotent)
{
    public IEnumerable<string> OutputNames => Outputs.Select(o => o.Name);
}
