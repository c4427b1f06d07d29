using System.Text.Json;

namespace Lifeline.AwsStandIn;

public sealed partial class AwsStandIn
{
    private readonly Dictionary<string, int> _functionRevisions = new(StringComparer.Ordinal);

    /// <summary>A function's environment now (the update replaced it whole, as Lambda does).</summary>
    public IReadOnlyDictionary<string, string> FunctionEnvironment(string name)
    {
        lock (_lock)
        {
            return new Dictionary<string, string>(_functions[name], StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// get-function, get-function-configuration (the function-updated waiter's poll) and update-function-configuration,
    /// which replaces the environment whole, refuses a stale --revision-id, and moves the revision on.
    /// </summary>
    private Reply LambdaFunction(ServiceModel model, string operation, Dictionary<string, string> p)
    {
        var name = p.GetValueOrDefault("FunctionName", "");
        if (!_functions.TryGetValue(name, out var environment))
        {
            return Error(model, 404, "ResourceNotFoundException", $"Function not found: arn:aws:lambda:region:000000000000:function:{name}");
        }

        var revision = _functionRevisions.GetValueOrDefault(name, 1);
        if (operation == "UpdateFunctionConfiguration")
        {
            if (p.TryGetValue("RevisionId", out var expected) && expected != Revision(name, revision))
            {
                return Error(model, 412, "PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id.");
            }

            if (p.Keys.Any(k => k.StartsWith("Environment.", StringComparison.Ordinal)))
            {
                environment.Clear();
                foreach (var (key, value) in p.Where(kv => kv.Key.StartsWith("Environment.Variables.", StringComparison.Ordinal)))
                {
                    environment[key["Environment.Variables.".Length..]] = value;
                }
            }

            _functionRevisions[name] = ++revision;
        }

        var configuration = new Dictionary<string, object>
        {
            ["FunctionName"] = name,
            ["FunctionArn"] = $"arn:aws:lambda:region:000000000000:function:{name}",
            ["Environment"] = new { Variables = environment },
            ["State"] = "Active",
            ["LastUpdateStatus"] = "Successful",
            ["RevisionId"] = Revision(name, revision),
        };
        object body = operation == "GetFunction"
            ? new { Configuration = configuration, Code = new { RepositoryType = "S3", Location = "https://standin.invalid/code" } }
            : configuration;
        return new Reply(200, "application/json", JsonSerializer.Serialize(body), null);
    }

    private static string Revision(string name, int revision) => $"{name}-rev-{revision}";
}
