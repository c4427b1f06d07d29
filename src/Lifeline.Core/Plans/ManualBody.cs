namespace Lifeline.Core.Plans;

/// <summary>A task a human performs (e.g. "call AWS support"); an operator confirms it is done.</summary>
public sealed record ManualBody(string Instructions, IReadOnlyList<string> Operators) : StepBody
{
    public override StepKind Kind => StepKind.Manual;
}
