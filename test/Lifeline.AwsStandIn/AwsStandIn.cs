using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Web;
using System.Xml.Linq;

namespace Lifeline.AwsStandIn;

/// <summary>
/// A local stand-in for the AWS APIs Lifeline calls, for tests: no AWS account or emulator is reachable here. It speaks
/// the four wire protocols (query, json, rest-xml, rest-json), checks every request against the operation's input shape in
/// the CLI's own service models, records the calls in order, keeps just enough state for the CLI's waiters, and answers
/// injected faults. The real AWS CLI talks to it through <c>--endpoint-url</c>.
/// </summary>
public sealed partial class AwsStandIn : IAsyncDisposable
{
    private static readonly string[] DefaultServices = ["rds", "sns", "secretsmanager", "ecs", "route53", "lambda", "cloudwatch", "s3", "backup", "iam", "cloudtrail", "acm", "logs", "ec2", "apigatewayv2"];

    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, ServiceModel> _models;
    private readonly List<AwsCall> _calls = [];
    private readonly Dictionary<string, Queue<AwsFault>> _faults = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly Task _serving;
    private int _sequence;

    private AwsStandIn(IEnumerable<string> services)
    {
        _models = services.Select(ServiceModel.Load).ToDictionary(m => m.SigningName, StringComparer.Ordinal);
        var port = FreePort();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary>The URL to give the CLI as <c>--endpoint-url</c>.</summary>
    public string Endpoint { get; }

    /// <summary>Requests the models rejected (unknown operation, unknown or missing members): a test asserts there were none.</summary>
    public List<string> Rejections { get; } = [];

    public static AwsStandIn Start(params string[] services) => new(services.Length == 0 ? DefaultServices : services);

    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public IReadOnlyList<AwsCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Answer the next <paramref name="times"/> calls of <paramref name="operation"/> (e.g. "PromoteReadReplica") with a fault.</summary>
    public void Inject(string operation, AwsFault fault, int times = 1)
    {
        lock (_lock)
        {
            if (!_faults.TryGetValue(operation, out var queue))
            {
                _faults[operation] = queue = new Queue<AwsFault>();
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(fault);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Abort, not Stop and Close: on Linux, Close after Stop detaches the listener again, which binds its port anew
        // (HttpEndPointManager) and fails when another process has taken it meanwhile.
        _listener.Abort();
        await _serving;
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            // One request at a time: the CLI calls are sequential per step, and the state stays simple.
            try
            {
                await HandleAsync(context);
            }
            catch (HttpListenerException)
            {
                // The CLI went away (killed on cancellation); nothing to answer.
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        var reply = Dispatch(request.HttpMethod, request.Url!, request.Headers, body);
        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        // A HEAD answer is its headers (S3 head-object): the length is the object's, and no body follows.
        if (request.HttpMethod == "HEAD")
        {
            context.Response.ContentLength64 = long.Parse(reply.Headers?.GetValueOrDefault("Content-Length") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Close();
            return;
        }

        context.Response.ContentType = reply.ContentType;
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        context.Response.Headers["x-amz-request-id"] = Guid.NewGuid().ToString();
        if (reply.ErrorType is not null)
        {
            context.Response.Headers["x-amzn-ErrorType"] = reply.ErrorType;
        }

        var bytes = Encoding.UTF8.GetBytes(reply.Body);
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private Reply Dispatch(string method, Uri url, System.Collections.Specialized.NameValueCollection headers, string body)
    {
        var credential = CredentialScope().Match(headers["Authorization"] ?? "");
        if (!credential.Success || !_models.TryGetValue(credential.Groups["service"].Value, out var model))
        {
            return Reject(null, "unsigned request or unknown service: " + (headers["Authorization"] ?? "(no Authorization)"));
        }

        var region = credential.Groups["region"].Value;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        string? operation;
        XElement? xml = null;
        switch (model.Protocol)
        {
            case "query":
            case "ec2":
                var form = HttpUtility.ParseQueryString(body);
                operation = form["Action"];
                foreach (var key in form.AllKeys.Where(k => k is not null and not "Action" and not "Version"))
                {
                    parameters[key!] = form[key]!;
                }

                if (operation is not null && model.HasOperation(operation))
                {
                    CheckQuery(model, operation, parameters, errors);
                }

                break;
            case "json":
                operation = headers["X-Amz-Target"]?.Split('.').Last();
                if (operation is not null && model.HasOperation(operation))
                {
                    using var document = JsonDocument.Parse(body.Length == 0 ? "{}" : body);
                    CheckJsonInput(model, operation, document.RootElement, [], errors);
                    Flatten(document.RootElement, "", parameters);
                }

                break;
            default:
                var query = HttpUtility.ParseQueryString(url.Query);
                (operation, var labels) = model.Route(method, url.AbsolutePath, query, headers);
                if (operation is null)
                {
                    break;
                }

                var inputs = model.Inputs(operation, out var required);
                foreach (var (name, (_, location, wire)) in inputs)
                {
                    if (location == "uri" && labels.TryGetValue(wire, out var label))
                    {
                        parameters[name] = label;
                    }
                    else if (location == "querystring" && query[wire] is { } value)
                    {
                        parameters[name] = value;
                    }
                    else if (location == "header" && headers[wire] is { } header)
                    {
                        parameters[name] = header;
                    }
                }

                foreach (var key in query.AllKeys.Where(k => k is not null && !inputs.Values.Any(i => i.Location == "querystring" && i.Wire == k) && !model.RouteQueryKeys(operation).Contains(k)))
                {
                    errors.Add($"{key}: unknown query parameter of {operation}");
                }

                if (model.Protocol == "rest-xml" && body.Length > 0)
                {
                    xml = XElement.Parse(body);
                    foreach (var child in xml.Elements())
                    {
                        var member = inputs.FirstOrDefault(i => i.Value.Location is null && i.Value.Wire == child.Name.LocalName);
                        if (member.Key is null)
                        {
                            errors.Add($"{child.Name.LocalName}: unknown member of {operation}'s input");
                            continue;
                        }

                        model.CheckXml(member.Value.Shape, child, member.Key, errors);
                        parameters[member.Key] = child.ToString(SaveOptions.DisableFormatting);
                    }
                }
                else if (model.Protocol == "rest-json" && body.Length > 0)
                {
                    using var document = JsonDocument.Parse(body);
                    CheckJsonInput(model, operation, document.RootElement, parameters.Keys.ToHashSet(), errors);
                    Flatten(document.RootElement, "", parameters);
                }

                foreach (var name in required.Where(n => !parameters.ContainsKey(n) && !parameters.Keys.Any(k => k.StartsWith(n + ".", StringComparison.Ordinal))))
                {
                    errors.Add($"{name}: required member of {operation}'s input missing");
                }

                break;
        }

        if (operation is null || !model.HasOperation(operation))
        {
            return Reject(model, $"{model.Name}: no operation for {method} {url.PathAndQuery} (target {headers["X-Amz-Target"]})");
        }

        if (errors.Count > 0)
        {
            return Reject(model, $"{model.Name}:{operation}: {string.Join("; ", errors)}", operation, region, parameters);
        }

        lock (_lock)
        {
            if (_faults.TryGetValue(operation, out var queue) && queue.TryDequeue(out var fault))
            {
                var (status, code, message) = Describe(model, fault);
                _calls.Add(new AwsCall(model.Name, operation, region, parameters, code));
                return Error(model, status, code, message);
            }

            var call = new AwsCall(model.Name, operation, region, parameters, null);
            var reply = Answer(model, operation, region, parameters, xml);
            _calls.Add(reply.ErrorType is null && reply.Status < 300 ? call : call with { Error = reply.ErrorType ?? reply.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            return reply;
        }
    }

    private Reply Answer(ServiceModel model, string operation, string region, Dictionary<string, string> p, XElement? xml) => (model.Name, operation) switch
    {
        ("s3", _) => S3(model, operation, p),
        ("backup", _) => Backup(model, operation, p),
        ("iam", _) => Iam(model, operation, p),
        ("cloudtrail", _) => CloudTrail(model, operation, p),
        ("acm", _) => Acm(model, operation, p),
        ("logs", _) => Logs(model, operation, p),
        ("lambda", "GetFunction" or "GetFunctionConfiguration" or "UpdateFunctionConfiguration") => LambdaFunction(model, operation, p),
        ("secretsmanager", "RotateSecret") => RotateSecret(model, p),
        ("cloudwatch", _) when operation != "GetMetricStatistics" || p.GetValueOrDefault("MetricName") != "ReplicaLag" => CloudWatch(model, operation, p),
        ("rds", _) => Rds(model, operation, region, p),
        ("cloudwatch", "GetMetricStatistics") => CloudWatchLag(model, p),
        ("sns", "Publish") => Publish(model, p),
        ("secretsmanager", _) => SecretsManager(model, operation, p),
        ("ecs", _) => Ecs(model, operation, region, p),
        ("route53", _) => Route53(model, operation, p, xml),
        ("lambda", _) => Lambda(model, operation, p),
        ("ec2", _) => Ec2(model, operation, region, p),
        ("apigatewayv2", _) => ApiGateway(model, operation, p),
        _ => Error(model, 501, "NotImplementedByStandIn", $"the stand-in does not answer {model.Name}:{operation}"),
    };

    private static void CheckQuery(ServiceModel model, string operation, Dictionary<string, string> parameters, List<string> errors)
    {
        var inputs = model.Inputs(operation, out var required);
        foreach (var key in parameters.Keys)
        {
            var top = key.Split('.')[0];
            if (!inputs.ContainsKey(top) && !inputs.Values.Any(i => i.Wire == top))
            {
                errors.Add($"{key}: unknown member of {operation}'s input");
            }
        }

        foreach (var name in required.Where(n => !parameters.Keys.Any(k => k == n || k.StartsWith(n + ".", StringComparison.Ordinal))))
        {
            errors.Add($"{name}: required member of {operation}'s input missing");
        }
    }

    private static void CheckJsonInput(ServiceModel model, string operation, JsonElement body, HashSet<string> located, List<string> errors)
    {
        var inputs = model.Inputs(operation, out var required);
        foreach (var property in body.EnumerateObject())
        {
            var member = inputs.FirstOrDefault(i => i.Value.Location is null && i.Value.Wire == property.Name);
            if (member.Key is null)
            {
                errors.Add($"{property.Name}: unknown member of {operation}'s input");
                continue;
            }

            model.CheckJson(member.Value.Shape, property.Value, member.Key, errors);
        }

        if (model.Protocol == "json")
        {
            foreach (var name in required.Where(n => !body.TryGetProperty(inputs[n].Wire, out _) && !located.Contains(n)))
            {
                errors.Add($"{name}: required member of {operation}'s input missing");
            }
        }
    }

    private static void Flatten(JsonElement element, string path, Dictionary<string, string> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", into);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, $"{path}.{index++}", into);
                }

                break;
            default:
                into[path] = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
                break;
        }
    }

    private Reply Reject(ServiceModel? model, string reason, string? operation = null, string? region = null, Dictionary<string, string>? parameters = null)
    {
        lock (_lock)
        {
            Rejections.Add(reason);
            if (model is not null && operation is not null)
            {
                _calls.Add(new AwsCall(model.Name, operation, region ?? "", parameters ?? [], "ValidationError"));
            }
        }

        return model is null
            ? new Reply(400, "text/plain", reason, null)
            : Error(model, 400, model.Protocol is "query" or "rest-xml" ? "ValidationError" : "ValidationException", reason);
    }

    private static (int Status, string Code, string Message) Describe(ServiceModel model, AwsFault fault)
    {
        var json = model.Protocol is "json" or "rest-json";
        return fault switch
        {
            AwsFault.Throttling => (400, json ? "ThrottlingException" : "Throttling", "Rate exceeded"),
            AwsFault.AccessDenied => (403, json ? "AccessDeniedException" : "AccessDenied", "User: arn:aws:iam::000000000000:user/standin is not authorized to perform this operation"),
            _ => (500, "InternalFailure", "The request processing has failed because of an unknown error (injected by the stand-in)"),
        };
    }

    private string RequestId() => $"standin-{Interlocked.Increment(ref _sequence)}";

    private static Reply Error(ServiceModel model, int status, string code, string message) => model.Protocol switch
    {
        "json" => new Reply(status, "application/x-amz-json-1.1", JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = code, ["message"] = message }), null),
        "rest-json" => new Reply(status, "application/json", JsonSerializer.Serialize(new Dictionary<string, string> { ["message"] = message }), code),
        _ => new Reply(status, "text/xml", new XElement(
            XName.Get("ErrorResponse", model.XmlNamespace ?? "https://route53.amazonaws.com/doc/2013-04-01/"),
            new XElement(XName.Get("Error", model.XmlNamespace ?? "https://route53.amazonaws.com/doc/2013-04-01/"),
                new XElement(XName.Get("Type", model.XmlNamespace ?? "https://route53.amazonaws.com/doc/2013-04-01/"), status >= 500 ? "Receiver" : "Sender"),
                new XElement(XName.Get("Code", model.XmlNamespace ?? "https://route53.amazonaws.com/doc/2013-04-01/"), code),
                new XElement(XName.Get("Message", model.XmlNamespace ?? "https://route53.amazonaws.com/doc/2013-04-01/"), message)),
            new XElement(XName.Get("RequestId", model.XmlNamespace ?? "https://route53.amazonaws.com/doc/2013-04-01/"), "standin")).ToString(SaveOptions.DisableFormatting), null),
    };

    /// <summary>A query-protocol answer: &lt;OpResponse&gt;&lt;OpResult&gt;…&lt;/OpResult&gt;&lt;ResponseMetadata/&gt;&lt;/OpResponse&gt;.</summary>
    private Reply QueryResult(ServiceModel model, string operation, params object[] content)
    {
        XNamespace ns = model.XmlNamespace!;
        var document = new XElement(ns + $"{operation}Response",
            new XElement(ns + $"{operation}Result", content.Select(c => Namespaced(c, ns))),
            new XElement(ns + "ResponseMetadata", new XElement(ns + "RequestId", RequestId())));
        return new Reply(200, "text/xml", document.ToString(SaveOptions.DisableFormatting), null);
    }

    private static object Namespaced(object content, XNamespace ns)
    {
        if (content is XElement element)
        {
            foreach (var e in element.DescendantsAndSelf())
            {
                e.Name = ns + e.Name.LocalName;
            }
        }

        return content;
    }

    private static Reply Json(object value) => new(200, "application/x-amz-json-1.1", JsonSerializer.Serialize(value), null);

    [GeneratedRegex(@"Credential=[^/]+/\d{8}/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request")]
    private static partial Regex CredentialScope();

    private sealed record Reply(int Status, string ContentType, string Body, string? ErrorType, IReadOnlyDictionary<string, string>? Headers = null);
}
