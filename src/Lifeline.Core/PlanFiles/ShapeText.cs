using Lifeline.Core.Schema;
using Lifeline.Core.Time;

namespace Lifeline.Core.PlanFiles;

/// <summary>The "expected …" half of a diagnostic, derived from the shapes.</summary>
internal static class ShapeText
{
    public static string Expected(ValueShape value) => value.Kind switch
    {
        ValueKind.String => "a string",
        ValueKind.Integer => "a whole number",
        ValueKind.Boolean => "true or false",
        ValueKind.Duration => DurationText.Expected,
        ValueKind.Enum => OneOf(value.Values!),
        ValueKind.StringList => "a list of strings, e.g. [a, b]",
        ValueKind.ScalarMap => "a mapping of name: value",
        ValueKind.DurationMap => "a mapping of name: duration",
        ValueKind.Object => $"a mapping with keys {string.Join(", ", FileShapes.Get(value.Object!).Keys)}",
        ValueKind.MapOf => $"a mapping of id: {FileShapes.Get(value.Object!).Title.ToLowerInvariant()}",
        ValueKind.ListOf => $"a list of {FileShapes.Get(value.Object!).Title.ToLowerInvariant()} mappings",
        _ => value.Kind.ToString(),
    };

    public static string OneOf(IEnumerable<string> values) => $"one of {string.Join(", ", values)}";
}
