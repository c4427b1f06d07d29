using System.Xml.Linq;

namespace Lifeline.AwsStandIn;

public sealed partial class AwsStandIn
{
    private readonly Dictionary<(string User, string Key), string> _accessKeys = [];

    public void AddAccessKey(string user, string keyId)
    {
        lock (_lock)
        {
            _accessKeys[(user, keyId)] = "Active";
        }
    }

    public string AccessKeyStatus(string user, string keyId)
    {
        lock (_lock)
        {
            return _accessKeys[(user, keyId)];
        }
    }

    private Reply Iam(ServiceModel model, string operation, Dictionary<string, string> p)
    {
        var user = p.GetValueOrDefault("UserName", "");
        switch (operation)
        {
            case "UpdateAccessKey":
                var key = (user, p["AccessKeyId"]);
                if (!_accessKeys.ContainsKey(key))
                {
                    return Error(model, 404, "NoSuchEntity", $"The Access Key with id {p["AccessKeyId"]} cannot be found.");
                }

                _accessKeys[key] = p["Status"];
                return QueryResult(model, operation);
            case "ListAccessKeys":
                return QueryResult(model, operation,
                    new XElement("AccessKeyMetadata", _accessKeys.Where(k => k.Key.User == user).Select(k => new XElement("member",
                        new XElement("UserName", user),
                        new XElement("AccessKeyId", k.Key.Key),
                        new XElement("Status", k.Value),
                        new XElement("CreateDate", "2026-01-01T00:00:00Z")))),
                    new XElement("IsTruncated", "false"));
            default:
                return Error(model, 501, "NotImplementedByStandIn", $"the stand-in does not answer iam:{operation}");
        }
    }
}
