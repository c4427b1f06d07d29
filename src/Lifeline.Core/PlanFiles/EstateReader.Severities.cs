using Lifeline.Core.Diagnostics;
using Lifeline.Core.Estates;
using Lifeline.Core.Schema;

namespace Lifeline.Core.PlanFiles;

internal sealed partial class EstateReader
{
    private List<SeverityDefinition> ReadSeverities(MappingReader estate)
    {
        var declared = new Dictionary<string, SeverityDefinition>(StringComparer.Ordinal);
        foreach (var (id, reader) in estate.MapOf("severities", id => $"severity '{id}'"))
        {
            if (!FileShapes.Severities.Contains(id.Name))
            {
                context.Diagnostics.Error(id.Location, $"severity '{id.Name}' is not a level{Suggestions.DidYouMean(id.Name, FileShapes.Severities)}", ShapeText.OneOf(FileShapes.Severities));
                continue;
            }

            var fallback = SeverityDefinition.Defaults.First(d => d.Name == id.Name);
            declared[id.Name] = reader is null
                ? fallback
                : new SeverityDefinition(id.Name, reader.String("description") ?? fallback.Description, reader.Duration("response") ?? fallback.Response);
        }

        return [.. SeverityDefinition.Defaults.Select(d => declared.GetValueOrDefault(d.Name) ?? d)];
    }
}
