namespace Lifeline.Core.Plans;

/// <summary>A provider operation, e.g. <c>database.promote</c> on <c>db-replica</c>, with typed inputs.</summary>
public sealed record ActionBody(string Operation, string? Target, IReadOnlyDictionary<string, string> With) : StepBody
{
    public override StepKind Kind => StepKind.Action;
}
