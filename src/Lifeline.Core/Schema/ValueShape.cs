namespace Lifeline.Core.Schema;

/// <summary>What a value must look like; <see cref="Object"/> names the shape of mappings for object, map and list kinds.</summary>
internal sealed record ValueShape(ValueKind Kind, string? Object = null, IReadOnlyList<string>? Values = null)
{
    public static readonly ValueShape Text = new(ValueKind.String);
    public static readonly ValueShape WholeNumber = new(ValueKind.Integer);
    public static readonly ValueShape TrueOrFalse = new(ValueKind.Boolean);
    public static readonly ValueShape Duration = new(ValueKind.Duration);
    public static readonly ValueShape TextList = new(ValueKind.StringList);
    public static readonly ValueShape TextMap = new(ValueKind.ScalarMap);
    public static readonly ValueShape DurationMap = new(ValueKind.DurationMap);

    public static ValueShape OneOf(params string[] values) => new(ValueKind.Enum, Values: values);

    public static ValueShape ObjectOf(string shape) => new(ValueKind.Object, shape);

    public static ValueShape MapOf(string shape) => new(ValueKind.MapOf, shape);

    public static ValueShape ListOf(string shape) => new(ValueKind.ListOf, shape);
}
