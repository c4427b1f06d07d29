using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lifeline.Core.Schema;

/// <summary>
/// JSON Schema (draft 2020-12) for estate and plan files, generated from the same key lists the loader checks, so
/// editors (yaml-language-server) and <c>lifeline validate</c> agree. The checked-in <c>schemas/*.schema.json</c> are
/// this output.
/// </summary>
public static class SchemaWriter
{
    public const string DurationPattern = @"^(0|([0-9]+(\.[0-9]+)?(ms|s|m|h|d))+|.*\$\{\{.*\}\}.*)$";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Estate() => Write("estate.schema.json", FileShapes.EstateShapes);

    public static string Plan() => Write("plan.schema.json", FileShapes.PlanShapes);

    private static string Write(string id, IReadOnlyList<ObjectShape> shapes)
    {
        var root = shapes[0];
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"https://lifeline.dev/schemas/{id}",
        };
        foreach (var (key, value) in ObjectSchema(root))
        {
            schema[key] = value?.DeepClone();
        }

        var defs = new JsonObject();
        foreach (var shape in shapes.Skip(1))
        {
            defs[shape.Name] = ObjectSchema(shape);
        }

        schema["$defs"] = defs;
        return schema.ToJsonString(Options) + "\n";
    }

    private static JsonObject ObjectSchema(ObjectShape shape)
    {
        var properties = new JsonObject();
        foreach (var field in shape.Fields)
        {
            var property = ValueSchema(field.Value);
            property["description"] = field.Description;
            properties[field.Key] = property;
        }

        var schema = new JsonObject
        {
            ["title"] = shape.Title,
            ["description"] = shape.Description,
            ["type"] = "object",
            ["properties"] = properties,
        };
        var required = shape.Fields.Where(f => f.Required).Select(f => (JsonNode?)f.Key).ToArray();
        if (required.Length > 0)
        {
            schema["required"] = new JsonArray(required);
        }

        if (shape.ExactlyOneOf.Count > 0)
        {
            schema["oneOf"] = new JsonArray([.. shape.ExactlyOneOf.Select(k => (JsonNode?)new JsonObject { ["required"] = new JsonArray(k) })]);
        }

        schema["additionalProperties"] = false;
        return schema;
    }

    private static JsonObject ValueSchema(ValueShape value) => value.Kind switch
    {
        ValueKind.String => Scalar(),
        ValueKind.Integer => new JsonObject { ["type"] = "integer" },
        ValueKind.Boolean => new JsonObject { ["type"] = "boolean" },
        ValueKind.Duration => Duration(),
        ValueKind.Enum => new JsonObject { ["enum"] = new JsonArray([.. value.Values!.Select(v => (JsonNode?)v)]) },
        ValueKind.StringList => new JsonObject { ["type"] = "array", ["items"] = Scalar() },
        ValueKind.ScalarMap => new JsonObject { ["type"] = "object", ["additionalProperties"] = Scalar() },
        ValueKind.DurationMap => new JsonObject { ["type"] = "object", ["additionalProperties"] = Duration() },
        ValueKind.Object => Ref(value.Object!),
        ValueKind.MapOf => new JsonObject { ["type"] = "object", ["additionalProperties"] = Ref(value.Object!) },
        ValueKind.ListOf => new JsonObject { ["type"] = "array", ["items"] = Ref(value.Object!) },
        _ => throw new InvalidOperationException($"unknown value kind {value.Kind}"),
    };

    private static JsonObject Scalar() => new() { ["type"] = new JsonArray("string", "number", "boolean") };

    private static JsonObject Duration() => new() { ["type"] = new JsonArray("string", "integer"), ["pattern"] = DurationPattern };

    private static JsonObject Ref(string shape) => new() { ["$ref"] = $"#/$defs/{shape}" };
}
