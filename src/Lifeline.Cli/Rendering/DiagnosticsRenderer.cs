using System.Text.Json;
using System.Text.Json.Nodes;
using Lifeline.Core.Diagnostics;

namespace Lifeline.Cli.Rendering;

internal static class DiagnosticsRenderer
{
    /// <summary>Prints every diagnostic (stderr for text, stdout for JSON) and a one-line summary.</summary>
    public static void Write(IReadOnlyList<Diagnostic> diagnostics, bool json)
    {
        if (json)
        {
            var array = new JsonArray([.. diagnostics.Select(d => (JsonNode)new JsonObject
            {
                ["file"] = d.Location.File,
                ["line"] = d.Location.Line,
                ["column"] = d.Location.Column,
                ["severity"] = d.IsError ? "error" : "warning",
                ["message"] = d.Message,
                ["expected"] = d.Expected,
            })]);
            Console.Out.WriteLine(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return;
        }

        foreach (var diagnostic in diagnostics)
        {
            Console.Error.WriteLine(diagnostic.ToString());
        }

        var errors = diagnostics.Count(d => d.IsError);
        var warnings = diagnostics.Count - errors;
        if (diagnostics.Count > 0)
        {
            Console.Error.WriteLine($"{errors} error{(errors == 1 ? "" : "s")}, {warnings} warning{(warnings == 1 ? "" : "s")}");
        }
    }
}
