using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Lifeline.AwsStandIn;

/// <summary>
/// One service's botocore model (service-2.json), as shipped with the Debian AWS CLI: how its requests are addressed
/// (X-Amz-Target, Action=, or method and URI) and what each operation's input shape allows.
/// </summary>
public sealed class ServiceModel
{
    public const string ModelRoot = "/usr/lib/python3/dist-packages/awscli/botocore/data";

    private readonly JsonElement _operations;
    private readonly JsonElement _shapes;
    private readonly List<(string Operation, string Method, Regex Path, int Literal)> _routes = [];

    // The query keys a request URI fixes (S3's "/{Bucket}?list-type=2"): they tell apart operations on the same path.
    private readonly Dictionary<string, string[]> _routeQueryKeys = new(StringComparer.Ordinal);

    private ServiceModel(string name, JsonElement root)
    {
        Name = name;
        var metadata = root.GetProperty("metadata");
        Protocol = metadata.GetProperty("protocol").GetString()!;
        SigningName = metadata.TryGetProperty("signingName", out var s) ? s.GetString()! : metadata.GetProperty("endpointPrefix").GetString()!;
        TargetPrefix = metadata.TryGetProperty("targetPrefix", out var t) ? t.GetString() : null;
        XmlNamespace = metadata.TryGetProperty("xmlNamespace", out var x) ? x.GetString() : null;
        _operations = root.GetProperty("operations");
        _shapes = root.GetProperty("shapes");
        foreach (var operation in _operations.EnumerateObject())
        {
            var http = operation.Value.GetProperty("http");
            var requestUri = http.GetProperty("requestUri").GetString()!;
            var uri = requestUri.Split('?')[0];
            _routeQueryKeys[operation.Name] = requestUri.Contains('?', StringComparison.Ordinal)
                ? [.. requestUri.Split('?', 2)[1].Split('&').Select(pair => pair.Split('=')[0])]
                : [];
            var pattern = "^" + Regex.Replace(Regex.Escape(uri).Replace("\\{", "{", StringComparison.Ordinal), "{([A-Za-z0-9]+)((?:\\\\)?\\+?)}", m =>
                m.Groups[2].Value.EndsWith('+') ? $"(?<{m.Groups[1].Value}>.+)" : $"(?<{m.Groups[1].Value}>[^/]+)") + "/?$";
            _routes.Add((operation.Name, http.GetProperty("method").GetString()!, new Regex(pattern), Regex.Replace(uri, "{[^}]+}", "").Length));
        }
    }

    public string Name { get; }

    public string Protocol { get; }

    public string SigningName { get; }

    public string? TargetPrefix { get; }

    public string? XmlNamespace { get; }

    public static ServiceModel Load(string service)
    {
        var directory = Path.Combine(ModelRoot, service);
        var version = Directory.GetDirectories(directory).Where(d => File.Exists(Path.Combine(d, "service-2.json"))).Order(StringComparer.Ordinal).Last();
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(version, "service-2.json")));
        return new ServiceModel(service, document.RootElement.Clone());
    }

    public bool HasOperation(string operation) => _operations.TryGetProperty(operation, out _);

    /// <summary>The query keys an operation's request URI fixes (not input members).</summary>
    public IReadOnlyList<string> RouteQueryKeys(string operation) => _routeQueryKeys.GetValueOrDefault(operation, []);

    /// <summary>
    /// The operation a REST request addresses, where several share a method and path (S3): the one whose fixed query keys
    /// are all present and, among those, whose required header members are present (CopyObject's x-amz-copy-source
    /// against PutObject).
    /// </summary>
    public (string? Operation, Dictionary<string, string> Labels) Route(string method, string path, System.Collections.Specialized.NameValueCollection query, System.Collections.Specialized.NameValueCollection headers)
    {
        var best = ((string?)null, new Dictionary<string, string>());
        var bestScore = -1;
        foreach (var route in _routes.Where(r => r.Method == method).OrderByDescending(r => r.Literal))
        {
            var match = route.Path.Match(path);
            var keys = _routeQueryKeys[route.Operation];
            if (!match.Success || keys.Any(k => !query.AllKeys.Contains(k)))
            {
                continue;
            }

            var inputs = Inputs(route.Operation, out var required);
            var headerMembers = required.Where(r => inputs[r].Location == "header").ToList();
            if (headerMembers.Any(r => headers[inputs[r].Wire] is null))
            {
                continue;
            }

            var score = route.Literal * 100 + keys.Length * 10 + headerMembers.Count;
            if (score > bestScore)
            {
                bestScore = score;
                best = (route.Operation, route.Path.GetGroupNames().Where(g => !int.TryParse(g, out _))
                    .ToDictionary(g => g, g => Uri.UnescapeDataString(match.Groups[g].Value), StringComparer.Ordinal));
            }
        }

        return best;
    }

    /// <summary>The operation a REST request addresses, and its URI labels.</summary>
    public (string? Operation, Dictionary<string, string> Labels) Route(string method, string path)
    {
        foreach (var route in _routes.Where(r => r.Method == method).OrderByDescending(r => r.Literal))
        {
            var match = route.Path.Match(path);
            if (match.Success)
            {
                var labels = route.Path.GetGroupNames().Where(g => !int.TryParse(g, out _))
                    .ToDictionary(g => g, g => Uri.UnescapeDataString(match.Groups[g].Value), StringComparer.Ordinal);
                return (route.Operation, labels);
            }
        }

        return (null, []);
    }

    /// <summary>The input members of an operation: name to (shape, location, wire name).</summary>
    public Dictionary<string, (string Shape, string? Location, string Wire)> Inputs(string operation, out HashSet<string> required)
    {
        required = new HashSet<string>(StringComparer.Ordinal);
        var members = new Dictionary<string, (string, string?, string)>(StringComparer.Ordinal);
        if (!_operations.GetProperty(operation).TryGetProperty("input", out var input))
        {
            return members;
        }

        var shape = _shapes.GetProperty(input.GetProperty("shape").GetString()!);
        if (shape.TryGetProperty("required", out var r))
        {
            required.UnionWith(r.EnumerateArray().Select(e => e.GetString()!));
        }

        foreach (var member in shape.GetProperty("members").EnumerateObject())
        {
            var location = member.Value.TryGetProperty("location", out var l) ? l.GetString() : null;
            var wire = member.Value.TryGetProperty("locationName", out var n) ? n.GetString()! : member.Name;
            members[member.Name] = (member.Value.GetProperty("shape").GetString()!, location, wire);
        }

        return members;
    }

    /// <summary>json and rest-json bodies: every member known, every required member present, all the way down.</summary>
    public void CheckJson(string shapeName, JsonElement value, string path, List<string> errors)
    {
        var shape = _shapes.GetProperty(shapeName);
        switch (shape.GetProperty("type").GetString())
        {
            case "structure":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{path}: expected an object");
                    return;
                }

                var members = shape.GetProperty("members");
                foreach (var property in value.EnumerateObject())
                {
                    var member = members.EnumerateObject().FirstOrDefault(m => m.Name == property.Name
                        || (m.Value.TryGetProperty("locationName", out var n) && n.GetString() == property.Name));
                    if (member.Value.ValueKind == JsonValueKind.Undefined)
                    {
                        errors.Add($"{Join(path, property.Name)}: unknown member of {shapeName}");
                        continue;
                    }

                    CheckJson(member.Value.GetProperty("shape").GetString()!, property.Value, Join(path, property.Name), errors);
                }

                if (shape.TryGetProperty("required", out var required))
                {
                    foreach (var name in required.EnumerateArray().Select(e => e.GetString()!).Where(n => !value.TryGetProperty(n, out _)))
                    {
                        errors.Add($"{Join(path, name)}: required member of {shapeName} missing");
                    }
                }

                break;
            case "list":
                if (value.ValueKind != JsonValueKind.Array)
                {
                    errors.Add($"{path}: expected a list");
                    return;
                }

                var item = shape.GetProperty("member").GetProperty("shape").GetString()!;
                var index = 0;
                foreach (var element in value.EnumerateArray())
                {
                    CheckJson(item, element, $"{path}[{index++}]", errors);
                }

                break;
            case "map":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{path}: expected a map");
                    return;
                }

                var valueShape = shape.GetProperty("value").GetProperty("shape").GetString()!;
                foreach (var entry in value.EnumerateObject())
                {
                    CheckJson(valueShape, entry.Value, Join(path, entry.Name), errors);
                }

                break;
        }
    }

    /// <summary>rest-xml bodies: element names checked against the shapes, all the way down.</summary>
    public void CheckXml(string shapeName, XElement element, string path, List<string> errors)
    {
        var shape = _shapes.GetProperty(shapeName);
        switch (shape.GetProperty("type").GetString())
        {
            case "structure":
                var members = shape.GetProperty("members").EnumerateObject()
                    .ToDictionary(m => m.Value.TryGetProperty("locationName", out var n) ? n.GetString()! : m.Name, m => (m.Name, Shape: m.Value.GetProperty("shape").GetString()!), StringComparer.Ordinal);
                foreach (var child in element.Elements())
                {
                    if (!members.TryGetValue(child.Name.LocalName, out var member))
                    {
                        errors.Add($"{Join(path, child.Name.LocalName)}: unknown member of {shapeName}");
                        continue;
                    }

                    CheckXml(member.Shape, child, Join(path, child.Name.LocalName), errors);
                }

                if (shape.TryGetProperty("required", out var required))
                {
                    foreach (var name in required.EnumerateArray().Select(e => e.GetString()!))
                    {
                        var wire = members.FirstOrDefault(m => m.Value.Name == name).Key ?? name;
                        if (element.Elements().All(c => c.Name.LocalName != wire))
                        {
                            errors.Add($"{Join(path, name)}: required member of {shapeName} missing");
                        }
                    }
                }

                break;
            case "list":
                var item = shape.GetProperty("member").GetProperty("shape").GetString()!;
                var index = 0;
                foreach (var child in element.Elements())
                {
                    CheckXml(item, child, $"{path}[{index++}]", errors);
                }

                break;
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
