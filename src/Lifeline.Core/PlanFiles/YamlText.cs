using Lifeline.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lifeline.Core.PlanFiles;

/// <summary>Parses YAML text into a node tree; a syntax error becomes one diagnostic at its position.</summary>
internal static class YamlText
{
    /// <summary>Deeper than any estate or plan needs (they nest about ten levels), far shallower than the stack allows.</summary>
    public const int MaximumDepth = 64;

    public static YamlMappingNode? ParseMapping(string file, string text, DiagnosticList diagnostics, string expected)
    {
        if (!WithinDepth(file, text, diagnostics))
        {
            return null;
        }

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
        catch (InvalidOperationException)
        {
            // Some malformed input (such as a key with no value at the end of the file) makes YamlDotNet stop with an
            // internal error and no position; the user sees where the file ends and what is missing.
            diagnostics.Error(EndOf(file, text), "YAML syntax: the file ends inside an unfinished mapping, sequence or quoted text", "valid YAML");
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

    /// <summary>
    /// The node tree is built recursively, so YAML nested thousands deep would overflow the stack (which no catch can
    /// stop). YamlDotNet's event parser is not recursive: walk its events first and refuse deep nesting at its position.
    /// </summary>
    private static bool WithinDepth(string file, string text, DiagnosticList diagnostics)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                        if (++depth > MaximumDepth)
                        {
                            var mark = parser.Current.Start;
                            diagnostics.Error(new SourceLocation(file, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column)),
                                $"YAML nested more than {MaximumDepth} levels deep", $"at most {MaximumDepth} levels of mappings and sequences");
                            return false;
                        }

                        break;
                    case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                        depth--;
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException)
        {
            // Syntax errors are reported, with their position, by the full parse that follows.
        }

        return true;
    }

    private static SourceLocation EndOf(string file, string text)
    {
        var lines = text.Split('\n');
        var last = lines.Length > 1 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        return new SourceLocation(file, Math.Max(1, last), 1);
    }

    private static string Clean(string message)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; the location is ours to print.
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        var text = message.StartsWith("(Line:", StringComparison.Ordinal) && marker >= 0 ? message[(marker + 3)..] : message;
        return text.TrimEnd('.');
    }
}
