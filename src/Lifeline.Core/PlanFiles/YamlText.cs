using Lifeline.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lifeline.Core.PlanFiles;

/// <summary>Parses YAML text into a node tree; a syntax error becomes one diagnostic at its position.</summary>
internal static class YamlText
{
    public static YamlMappingNode? ParseMapping(string file, string text, DiagnosticList diagnostics, string expected)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var message = e.InnerException is YamlException inner ? inner.Message : e.Message;
            var mark = e.Start;
            diagnostics.Error(new SourceLocation(file, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column)), $"YAML syntax: {Clean(message)}", "valid YAML");
            return null;
        }
        catch (InvalidOperationException e)
        {
            // Some malformed input makes the parser stop without a position; point at the end of the file.
            var lines = text.Split('\n');
            var last = lines.Length > 1 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
            diagnostics.Error(new SourceLocation(file, Math.Max(1, last), 1), $"YAML syntax: the parser stopped without a position ({e.Message.TrimEnd('.')})", "valid YAML");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            diagnostics.Error(new SourceLocation(file, 1, 1), "file is empty", expected);
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            diagnostics.Error(new SourceLocation(file, (int)second.Start.Line, (int)second.Start.Column), "file holds more than one YAML document", "one document");
        }

        var root = stream.Documents[0].RootNode;
        if (root is YamlMappingNode mapping)
        {
            return mapping;
        }

        diagnostics.Error(new SourceLocation(file, (int)root.Start.Line, (int)root.Start.Column), "the file's top level is not a mapping", expected);
        return null;
    }

    private static string Clean(string message)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; the location is ours to print.
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        var text = message.StartsWith("(Line:", StringComparison.Ordinal) && marker >= 0 ? message[(marker + 3)..] : message;
        return text.TrimEnd('.');
    }
}
