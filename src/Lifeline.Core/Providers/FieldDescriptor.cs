namespace Lifeline.Core.Providers;

/// <summary>An output of an operation, or a field a probe observes: what <c>expect</c> and <c>steps.X.outputs.Y</c> may name.</summary>
public sealed record FieldDescriptor(string Name, ParameterType Type, string Description)
{
    public static FieldDescriptor Text(string name, string description) => new(name, ParameterType.String, description);

    public static FieldDescriptor Flag(string name, string description) => new(name, ParameterType.Boolean, description);

    public static FieldDescriptor Whole(string name, string description) => new(name, ParameterType.Integer, description);

    public static FieldDescriptor Decimal(string name, string description) => new(name, ParameterType.Number, description);
}
