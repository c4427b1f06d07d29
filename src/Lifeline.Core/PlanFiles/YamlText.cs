using Lifeline.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
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
            // The event walk reports YamlDotNet's position-less internal errors where they start; this is a backstop.
            diagnostics.Error(EndOf(file, text), "YAML syntax: the file cannot be read as YAML up to its end", "valid YAML");
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
    /// The walk also keeps where each open flow collection (<c>{</c> or <c>[</c>) started: YamlDotNet stops with an
    /// internal error and no position when such a collection runs into the lines that follow (seen only in flow context),
    /// and that start, or the last place the parser reached, is where the user must look.
    /// </summary>
    private static bool WithinDepth(string file, string text, DiagnosticList diagnostics)
    {
        var parser = new Parser(new StringReader(text));
        var open = new Stack<(bool Flow, Mark Start)>();
        Mark last = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                last = current.End;
                switch (current)
                {
                    case MappingStart or SequenceStart:
                        var flow = current is MappingStart { Style: MappingStyle.Flow } or SequenceStart { Style: SequenceStyle.Flow };
                        open.Push((flow, current.Start));
                        if (open.Count > MaximumDepth)
                        {
                            diagnostics.Error(At(file, current.Start), $"YAML nested more than {MaximumDepth} levels deep", $"at most {MaximumDepth} levels of mappings and sequences");
                            return false;
                        }

                        break;
                    case MappingEnd or SequenceEnd when open.Count > 0:
                        open.Pop();
                        break;
                }
            }
        }
        catch (YamlException)
        {
            // Reported, with its position, by the full parse that follows.
        }
        catch (InvalidOperationException)
        {
            if (open.FirstOrDefault(o => o.Flow) is { Flow: true } unclosed)
            {
                diagnostics.Error(At(file, unclosed.Start), "YAML syntax: this '{' or '[' is not closed before the lines that follow", "a matching '}' or ']' on the same entry");
            }
            else
            {
                diagnostics.Error(last.Line > 0 ? At(file, last) : EndOf(file, text), "YAML syntax: a '{' or '[' after this point is not closed before the lines that follow", "a matching '}' or ']' on the same entry");
            }

            return false;
        }

        return true;
    }

    private static SourceLocation At(string file, Mark mark) => new(file, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column));

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
