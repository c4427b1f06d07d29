namespace Lifeline.AwsStandIn;

public sealed partial class AwsStandIn
{
    private readonly Dictionary<string, string> _rotations = new(StringComparer.Ordinal);

    /// <summary>How many rotations a secret has had (a repeated request token does not count again).</summary>
    public int Rotations(string id)
    {
        lock (_lock)
        {
            return _rotations.Keys.Count(k => k.StartsWith(id + "\n", StringComparison.Ordinal));
        }
    }

    /// <summary>rotate-secret: a new random value and version, once per client request token, as Secrets Manager does.</summary>
    private Reply RotateSecret(ServiceModel model, Dictionary<string, string> p)
    {
        var id = p["SecretId"];
        if (!_secrets.ContainsKey(id))
        {
            return Error(model, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }

        var token = id + "\n" + p.GetValueOrDefault("ClientRequestToken", Guid.NewGuid().ToString());
        if (!_rotations.TryGetValue(token, out var version))
        {
            _rotations[token] = version = Guid.NewGuid().ToString();
            _secrets[id] = "rotated-" + Guid.NewGuid().ToString("N");
        }

        return Json(new { ARN = $"arn:aws:secretsmanager:region:000000000000:secret:{id}", Name = id, VersionId = version });
    }
}
