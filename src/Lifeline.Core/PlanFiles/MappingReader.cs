using System.Globalization;
using Lifeline.Core.Diagnostics;
using Lifeline.Core.Schema;
using Lifeline.Core.Time;
using YamlDotNet.RepresentationModel;

namespace Lifeline.Core.PlanFiles;

/// <summary>
/// Reads one YAML mapping against its <see cref="ObjectShape"/>: reports unknown keys (with did-you-mean), missing
/// required keys, wrong node types and bad values, and hands back what it could read. Never throws for bad input.
/// </summary>
internal sealed class MappingReader
{
    private readonly FileContext _context;
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    public MappingReader(FileContext context, YamlMappingNode node, ObjectShape shape, string what)
    {
        _context = context;
        Node = node;
        Shape = shape;
        What = what;
        foreach (var (keyNode, valueNode) in node.Children)
        {
            if (keyNode is not YamlScalarNode key || key.Value is null)
            {
                context.Error(keyNode, $"a key in {what} is not a plain name", "a key such as " + shape.Fields[0].Key);
                continue;
            }

            if (shape.Find(key.Value) is null)
            {
                context.Error(key, $"unknown key '{key.Value}' in {what}{Suggestions.DidYouMean(key.Value, shape.Keys)}", ShapeText.OneOf(shape.Keys));
                continue;
            }

            _entries[key.Value] = (key, valueNode);
        }

        foreach (var field in shape.Fields.Where(f => f.Required && !_entries.ContainsKey(f.Key)))
        {
            context.Error(node, $"{what} is missing '{field.Key}'", $"{field.Key}: {ShapeText.Expected(field.Value)}");
        }

        if (shape.ExactlyOneOf.Count > 0)
        {
            var present = shape.ExactlyOneOf.Where(_entries.ContainsKey).ToList();
            if (present.Count == 0)
            {
                context.Error(node, $"{what} has none of {string.Join(", ", shape.ExactlyOneOf)}", "exactly one of them");
            }

            foreach (var extra in present.Skip(1))
            {
                context.Error(_entries[extra].Key, $"'{extra}' cannot be combined with '{present[0]}' in {what}", $"exactly one of {string.Join(", ", shape.ExactlyOneOf)}");
            }
        }
    }

    public YamlMappingNode Node { get; }

    public ObjectShape Shape { get; }

    public string What { get; }

    public FileContext Context => _context;

    public SourceLocation Location => _context.At(Node);

    public bool Has(string key) => Entry(key) is not null;

    public SourceLocation? KeyLocation(string key) => Entry(key) is { } e ? _context.At(e.Key) : null;

    public SourceLocation? ValueLocation(string key) => Entry(key) is { } e ? _context.At(e.Value) : null;

    public YamlNode? Value(string key) => Entry(key)?.Value;

    public string? String(string key)
    {
        var entry = Entry(key);
        return entry is null ? null : Scalar(key, entry.Value.Value);
    }

    public int? Integer(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        BadValue(key, $"'{key}' is '{text}', not a whole number", "a whole number");
        return null;
    }

    public bool? Boolean(string key)
    {
        var text = String(key);
        switch (text)
        {
            case null:
                return null;
            case "true":
                return true;
            case "false":
                return false;
            default:
                BadValue(key, $"'{key}' is '{text}', not true or false", "true or false");
                return null;
        }
    }

    public TimeSpan? Duration(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (DurationText.TryParse(text, out var duration))
        {
            return duration;
        }

        if (DurationText.IsTooLong(text))
        {
            BadValue(key, $"'{key}' is '{text}', longer than {DurationText.MaximumText}", $"a duration of at most {DurationText.MaximumText}");
            return null;
        }

        BadValue(key, $"'{key}' is '{text}', not a duration", DurationText.Expected);
        return null;
    }

    public string? Enum(string key)
    {
        var text = String(key);
        var values = Shape.Find(key)!.Value.Values!;
        if (text is null || values.Contains(text))
        {
            return text;
        }

        BadValue(key, $"'{key}' is '{text}'{Suggestions.DidYouMean(text, values)}", ShapeText.OneOf(values));
        return null;
    }

    public IReadOnlyList<KeyedLocation> StringList(string key)
    {
        var entry = Entry(key);
        if (entry is null)
        {
            return [];
        }

        if (entry.Value.Value is not YamlSequenceNode sequence)
        {
            WrongType(key, entry.Value.Value, "a sequence");
            return [];
        }

        var items = new List<KeyedLocation>();
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode scalar)
            {
                items.Add(new KeyedLocation(_context.Text(scalar), _context.At(scalar)));
            }
            else
            {
                _context.Error(item, $"an item of '{key}' is a {NodeKind(item)}, not a string", ShapeText.Expected(Shape.Find(key)!.Value));
            }
        }

        return items;
    }

    /// <summary>A mapping of name to scalar (with, settings, env, expect): each entry with its key's and value's positions.</summary>
    public IReadOnlyList<MapEntry> ScalarMap(string key)
    {
        var entries = new List<MapEntry>();
        foreach (var (name, nameNode, value) in Entries(key))
        {
            if (value is YamlScalarNode scalar)
            {
                entries.Add(new MapEntry(name, _context.Text(scalar), _context.At(nameNode), _context.At(scalar)));
            }
            else
            {
                _context.Error(value, $"'{key}.{name}' is a {NodeKind(value)}, not a scalar", "a string, number or boolean");
            }
        }

        return entries;
    }

    public IReadOnlyDictionary<string, TimeSpan> DurationMap(string key)
    {
        var result = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var entry in ScalarMap(key))
        {
            if (DurationText.TryParse(entry.Value, out var duration))
            {
                result[entry.Key] = duration;
            }
            else if (DurationText.IsTooLong(entry.Value))
            {
                _context.Diagnostics.Error(entry.ValueLocation, $"'{key}.{entry.Key}' is '{entry.Value}', longer than {DurationText.MaximumText}", $"a duration of at most {DurationText.MaximumText}");
            }
            else
            {
                _context.Diagnostics.Error(entry.ValueLocation, $"'{key}.{entry.Key}' is '{entry.Value}', not a duration", DurationText.Expected);
            }
        }

        return result;
    }

    public MappingReader? Object(string key, string what)
    {
        var entry = Entry(key);
        if (entry is null)
        {
            return null;
        }

        var field = Shape.Find(key)!;
        if (entry.Value.Value is YamlMappingNode mapping)
        {
            return new MappingReader(_context, mapping, FileShapes.Get(field.Value.Object!), what);
        }

        WrongType(key, entry.Value.Value, "a mapping");
        return null;
    }

    /// <summary>A mapping of id to objects; each id with its key position and a reader (null when the value is not a mapping).</summary>
    public IReadOnlyList<(KeyedLocation Id, MappingReader? Reader)> MapOf(string key, Func<string, string> what)
    {
        var shape = FileShapes.Get(Shape.Find(key)!.Value.Object!);
        var result = new List<(KeyedLocation, MappingReader?)>();
        foreach (var (name, nameNode, value) in Entries(key))
        {
            MappingReader? reader = null;
            if (value is YamlMappingNode mapping)
            {
                reader = new MappingReader(_context, mapping, shape, what(name));
            }
            else
            {
                _context.Error(value, $"{what(name)} is a {NodeKind(value)}, not a mapping", ShapeText.Expected(ValueShape.ObjectOf(shape.Name)));
            }

            result.Add((new KeyedLocation(name, _context.At(nameNode)), reader));
        }

        return result;
    }

    public IReadOnlyList<MappingReader> ListOf(string key, Func<int, YamlMappingNode, string> what)
    {
        var entry = Entry(key);
        if (entry is null)
        {
            return [];
        }

        if (entry.Value.Value is not YamlSequenceNode sequence)
        {
            WrongType(key, entry.Value.Value, "a sequence");
            return [];
        }

        var shape = FileShapes.Get(Shape.Find(key)!.Value.Object!);
        var result = new List<MappingReader>();
        var index = 0;
        foreach (var item in sequence.Children)
        {
            if (item is YamlMappingNode mapping)
            {
                result.Add(new MappingReader(_context, mapping, shape, what(index, mapping)));
            }
            else
            {
                _context.Error(item, $"an item of '{key}' is a {NodeKind(item)}, not a mapping", ShapeText.Expected(ValueShape.ObjectOf(shape.Name)));
            }

            index++;
        }

        return result;
    }

    /// <summary>The raw text of a scalar in this mapping without reporting anything (used to name things in messages).</summary>
    public string? Peek(string key) => Entry(key)?.Value is YamlScalarNode scalar ? scalar.Value : null;

    public void BadValue(string key, string message, string expected) =>
        _context.Diagnostics.Error(ValueLocation(key) ?? Location, message, expected);

    internal static string NodeKind(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "sequence",
        _ => "scalar",
    };

    private List<(string Name, YamlScalarNode NameNode, YamlNode Value)> Entries(string key)
    {
        var entry = Entry(key);
        var result = new List<(string, YamlScalarNode, YamlNode)>();
        if (entry is null)
        {
            return result;
        }

        if (entry.Value.Value is not YamlMappingNode mapping)
        {
            WrongType(key, entry.Value.Value, "a mapping");
            return result;
        }

        foreach (var (nameNode, value) in mapping.Children)
        {
            if (nameNode is YamlScalarNode name && name.Value is not null)
            {
                result.Add((name.Value, name, value));
            }
            else
            {
                _context.Error(nameNode, $"a key in '{key}' is not a plain name", "a name");
            }
        }

        return result;
    }

    private string? Scalar(string key, YamlNode value)
    {
        if (value is YamlScalarNode scalar)
        {
            return _context.Text(scalar);
        }

        WrongType(key, value, "a scalar");
        return null;
    }

    private void WrongType(string key, YamlNode value, string want) =>
        _context.Error(value, $"'{key}' is a {NodeKind(value)}, not {want}", ShapeText.Expected(Shape.Find(key)!.Value));

    private (YamlScalarNode Key, YamlNode Value)? Entry(string key)
    {
        if (Shape.Find(key) is null)
        {
            throw new InvalidOperationException($"the loader read '{key}', which shape '{Shape.Name}' does not declare");
        }

        return _entries.TryGetValue(key, out var entry) ? entry : null;
    }
}
