using System.Text.Json;
using Lifeline.Core.Schema;

namespace Lifeline.Core.Tests.Schema;

public sealed class SchemaWriterTests
{
    [Theory]
    [InlineData("estate.schema.json")]
    [InlineData("plan.schema.json")]
    public void Write_CheckedInSchema_EqualsGeneratedText(string file)
    {
        // Given the generated schema (set LIFELINE_UPDATE_SCHEMAS=1 to rewrite the checked-in copy)
        var generated = file.StartsWith("estate", StringComparison.Ordinal) ? SchemaWriter.Estate() : SchemaWriter.Plan();
        var path = RepositoryPaths.Of("schemas", file);
        if (Environment.GetEnvironmentVariable("LIFELINE_UPDATE_SCHEMAS") == "1")
        {
            File.WriteAllText(path, generated);
        }

        // Then the checked-in file is exactly that text
        Assert.True(File.Exists(path) && File.ReadAllText(path) == generated,
            $"schemas/{file} is out of date; run: LIFELINE_UPDATE_SCHEMAS=1 dotnet test test/Lifeline.Core.Tests --filter SchemaWriterTests");
    }

    [Fact]
    public void Write_Properties_EqualTheKeysTheLoaderAccepts()
    {
        // Given every object in both schemas
        var objects = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (text, root) in new[] { (SchemaWriter.Estate(), FileShapes.EstateRoot), (SchemaWriter.Plan(), FileShapes.PlanRoot) })
        {
            using var document = JsonDocument.Parse(text);
            objects[root] = Properties(document.RootElement);
            foreach (var definition in document.RootElement.GetProperty("$defs").EnumerateObject())
            {
                objects[definition.Name] = Properties(definition.Value);
            }
        }

        // Then each has exactly the keys the loader's shape accepts, and there is one per shape
        var shapes = FileShapes.EstateShapes.Concat(FileShapes.PlanShapes).ToList();
        Assert.Equal(shapes.Select(s => s.Name).Order(), objects.Keys.Order());
        foreach (var shape in shapes)
        {
            Assert.Equal(shape.Keys.Order(), objects[shape.Name].Order());
        }
    }

    [Fact]
    public void Write_Step_RequiresExactlyOneKind()
    {
        using var document = JsonDocument.Parse(SchemaWriter.Plan());

        var oneOf = document.RootElement.GetProperty("$defs").GetProperty("step").GetProperty("oneOf");

        Assert.Equal(FileShapes.StepKinds, oneOf.EnumerateArray().Select(o => o.GetProperty("required")[0].GetString()!));
    }

    private static HashSet<string> Properties(JsonElement schema)
    {
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        return [.. schema.GetProperty("properties").EnumerateObject().Select(p => p.Name)];
    }
}
