using System.Text.Json;
using System.Xml.Linq;

namespace Lifeline.AwsStandIn;

public sealed partial class AwsStandIn
{
    private static readonly XNamespace Route53Namespace = "https://route53.amazonaws.com/doc/2013-04-01/";
    private readonly Dictionary<(string Name, string Type), List<string>> _records = [];
    private readonly Dictionary<string, int> _changes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Name, string Type, string SetId), Route53RecordSet> _recordSets = [];
    private readonly Dictionary<string, (int Healthy, int Checkers)> _healthChecks = new(StringComparer.Ordinal);

    /// <summary>The whole record set, with its alias and routing policy; <paramref name="setId"/> for failover and weighted sets.</summary>
    public Route53RecordSet? RecordSet(string name, string type, string? setId = null)
    {
        lock (_lock)
        {
            return _recordSets.GetValueOrDefault((name.TrimEnd('.'), type, setId ?? ""));
        }
    }

    /// <summary>A health check that <paramref name="healthy"/> of <paramref name="checkers"/> checkers see healthy.</summary>
    public void AddHealthCheck(string id, int healthy, int checkers = 3)
    {
        lock (_lock)
        {
            _healthChecks[id] = (healthy, checkers);
        }
    }

    /// <summary>The record set's values, or null; names are fully qualified without the final dot.</summary>
    public IReadOnlyList<string>? Record(string name, string type)
    {
        lock (_lock)
        {
            return _records.TryGetValue((name.TrimEnd('.'), type), out var values) ? [.. values] : null;
        }
    }

    private Reply Route53(ServiceModel model, string operation, Dictionary<string, string> p, XElement? body)
    {
        switch (operation)
        {
            case "ChangeResourceRecordSets":
                foreach (var change in body!.Descendants(Route53Namespace + "Change"))
                {
                    var set = change.Element(Route53Namespace + "ResourceRecordSet")!;
                    var key = (set.Element(Route53Namespace + "Name")!.Value.TrimEnd('.'), set.Element(Route53Namespace + "Type")!.Value);
                    var alias = set.Element(Route53Namespace + "AliasTarget");
                    var values = alias is null
                        ? set.Descendants(Route53Namespace + "Value").Select(v => v.Value).ToList()
                        : [alias.Element(Route53Namespace + "DNSName")!.Value.TrimEnd('.')];
                    var setKey = (key.Item1, key.Item2, set.Element(Route53Namespace + "SetIdentifier")?.Value ?? "");
                    if (change.Element(Route53Namespace + "Action")!.Value == "DELETE")
                    {
                        _records.Remove(key);
                        _recordSets.Remove(setKey);
                    }
                    else
                    {
                        _records[key] = values;
                        _recordSets[setKey] = new Route53RecordSet(
                            values,
                            alias?.Element(Route53Namespace + "DNSName")!.Value,
                            alias?.Element(Route53Namespace + "HostedZoneId")!.Value,
                            alias?.Element(Route53Namespace + "EvaluateTargetHealth")?.Value == "true",
                            set.Element(Route53Namespace + "Failover")?.Value,
                            int.TryParse(set.Element(Route53Namespace + "Weight")?.Value, out var weight) ? weight : null,
                            set.Element(Route53Namespace + "HealthCheckId")?.Value,
                            int.TryParse(set.Element(Route53Namespace + "TTL")?.Value, out var ttl) ? ttl : null);
                    }
                }

                var id = "C" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
                _changes[id] = 0;
                return RestXml(new XElement(Route53Namespace + "ChangeResourceRecordSetsResponse", ChangeInfo(id, "PENDING")));
            case "GetChange":
                var changeId = p["Id"].Replace("/change/", "", StringComparison.Ordinal);
                if (!_changes.ContainsKey(changeId))
                {
                    return Error(model, 404, "NoSuchChange", $"Could not find resource with ID: {changeId}");
                }

                // Propagation takes a poll, as on AWS: the resource-record-sets-changed waiter's first poll sees PENDING.
                var polls = ++_changes[changeId];
                return RestXml(new XElement(Route53Namespace + "GetChangeResponse", ChangeInfo(changeId, polls > 1 ? "INSYNC" : "PENDING")));
            case "GetHealthCheckStatus":
                var checkId = p["HealthCheckId"];
                if (!_healthChecks.TryGetValue(checkId, out var check))
                {
                    return Error(model, 404, "NoSuchHealthCheck", $"A health check with id {checkId} does not exist.");
                }

                return RestXml(new XElement(Route53Namespace + "GetHealthCheckStatusResponse",
                    new XElement(Route53Namespace + "HealthCheckObservations", Enumerable.Range(0, check.Checkers).Select(i => new XElement(Route53Namespace + "HealthCheckObservation",
                        new XElement(Route53Namespace + "Region", ((string[])["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"])[i % 4]),
                        new XElement(Route53Namespace + "IPAddress", $"15.177.{i}.1"),
                        new XElement(Route53Namespace + "StatusReport",
                            new XElement(Route53Namespace + "Status", i < check.Healthy ? "Success: HTTP Status Code 200, OK" : "Failure: Connection timed out."),
                            new XElement(Route53Namespace + "CheckedTime", "2026-12-01T00:00:00.000Z")))))));
            case "TestDNSAnswer":
                var name = p["RecordName"].TrimEnd('.');
                var type = p["RecordType"];
                var found = _records.TryGetValue((name, type), out var answer)
                    || (type is "A" or "AAAA" && _records.TryGetValue((name, "CNAME"), out answer));
                return RestXml(new XElement(Route53Namespace + "TestDNSAnswerResponse",
                    new XElement(Route53Namespace + "Nameserver", "ns-standin.awsdns.example"),
                    new XElement(Route53Namespace + "RecordName", name),
                    new XElement(Route53Namespace + "RecordType", type),
                    new XElement(Route53Namespace + "RecordData", (found ? answer! : []).Select(v => new XElement(Route53Namespace + "RecordDataEntry", v))),
                    new XElement(Route53Namespace + "ResponseCode", found ? "NOERROR" : "NXDOMAIN"),
                    new XElement(Route53Namespace + "Protocol", "UDP")));
            default:
                return Error(model, 501, "NotImplementedByStandIn", $"the stand-in does not answer route53:{operation}");
        }
    }

    private static XElement ChangeInfo(string id, string status) => new(Route53Namespace + "ChangeInfo",
        new XElement(Route53Namespace + "Id", "/change/" + id),
        new XElement(Route53Namespace + "Status", status),
        new XElement(Route53Namespace + "SubmittedAt", "2026-12-01T00:00:00.000Z"));

    private static Reply RestXml(XElement document) => new(200, "text/xml", document.ToString(SaveOptions.DisableFormatting), null);

    private readonly Dictionary<string, Dictionary<string, string>> _functions = new(StringComparer.Ordinal);

    /// <summary>A Lambda function with its environment variables (rest-json; for the function capability).</summary>
    public void AddFunction(string name, IReadOnlyDictionary<string, string> environment)
    {
        lock (_lock)
        {
            _functions[name] = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        }
    }

    private Reply Lambda(ServiceModel model, string operation, Dictionary<string, string> p)
    {
        var name = p.GetValueOrDefault("FunctionName", "");
        if (!_functions.TryGetValue(name, out var environment))
        {
            return Error(model, 404, "ResourceNotFoundException", $"Function not found: {name}");
        }

        if (operation == "UpdateFunctionConfiguration")
        {
            environment.Clear();
            foreach (var (key, value) in p.Where(kv => kv.Key.StartsWith("Environment.Variables.", StringComparison.Ordinal)))
            {
                environment[key["Environment.Variables.".Length..]] = value;
            }
        }
        else if (operation != "GetFunctionConfiguration")
        {
            return Error(model, 501, "NotImplementedByStandIn", $"the stand-in does not answer lambda:{operation}");
        }

        return new Reply(200, "application/json", JsonSerializer.Serialize(new
        {
            FunctionName = name,
            FunctionArn = $"arn:aws:lambda:region:000000000000:function:{name}",
            Environment = new { Variables = environment },
            State = "Active",
            LastUpdateStatus = "Successful",
        }), null);
    }
}
