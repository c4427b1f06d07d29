using System.Xml.Linq;

namespace Lifeline.AwsStandIn;

public sealed partial class AwsStandIn
{
    private readonly Dictionary<string, string> _secrets = new(StringComparer.Ordinal);
    private readonly List<(string Topic, string? Subject, string Message)> _published = [];

    public void AddSecret(string id, string value)
    {
        lock (_lock)
        {
            _secrets[id] = value;
        }
    }

    public string? SecretValue(string id)
    {
        lock (_lock)
        {
            return _secrets.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<(string Topic, string? Subject, string Message)> Published
    {
        get
        {
            lock (_lock)
            {
                return [.. _published];
            }
        }
    }

    private Reply SecretsManager(ServiceModel model, string operation, Dictionary<string, string> p)
    {
        var id = p["SecretId"];
        if (!_secrets.TryGetValue(id, out var value))
        {
            return Error(model, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }

        var arn = $"arn:aws:secretsmanager:region:000000000000:secret:{id}";
        switch (operation)
        {
            case "PutSecretValue":
                _secrets[id] = p.GetValueOrDefault("SecretString", "");
                return Json(new { ARN = arn, Name = id, VersionId = Guid.NewGuid().ToString(), VersionStages = new[] { "AWSCURRENT" } });
            case "GetSecretValue":
                return Json(new { ARN = arn, Name = id, VersionId = Guid.NewGuid().ToString(), SecretString = value, VersionStages = new[] { "AWSCURRENT" } });
            default:
                return Error(model, 501, "NotImplementedByStandIn", $"the stand-in does not answer secretsmanager:{operation}");
        }
    }

    private Reply Publish(ServiceModel model, Dictionary<string, string> p)
    {
        _published.Add((p["TopicArn"], p.GetValueOrDefault("Subject"), p["Message"]));
        return QueryResult(model, "Publish", new XElement("MessageId", Guid.NewGuid().ToString()));
    }
}
