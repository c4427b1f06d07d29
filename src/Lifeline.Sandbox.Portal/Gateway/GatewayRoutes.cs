namespace Lifeline.Sandbox.Portal.Gateway;

/// <summary>
/// Where each function an integration may name answers: <c>region/function=url</c> pairs (PORTAL_GATEWAY_FUNCTIONS). An
/// integration is a Lambda ARN (<c>arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]</c>, any account) or a URL.
/// </summary>
internal sealed class GatewayRoutes(IReadOnlyDictionary<string, Uri> functions)
{
    public const string Variable = "PORTAL_GATEWAY_FUNCTIONS";

    public IEnumerable<string> Known => functions.Keys.Order(StringComparer.Ordinal);

    public static (GatewayRoutes? Routes, string? Error) Parse(string? text)
    {
        var functions = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var pair in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (pair.Split('=', 2) is not [{ Length: > 0 } key, var url] || !key.Contains('/', StringComparison.Ordinal) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                return (null, $"{Variable} has '{pair}'; expected region/function=http://host:port pairs separated by ';'");
            }

            functions[key] = uri;
        }

        return (new GatewayRoutes(functions), null);
    }

    /// <summary>The base URL the integration forwards to, or why it has none.</summary>
    public (Uri? Target, string? Error) Resolve(string integration)
    {
        if (Uri.TryCreate(integration, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            return (url, null);
        }

        if (integration.Split(':') is not ["arn", _, "lambda", { Length: > 0 } region, _, "function", { Length: > 0 } name, ..] parts || parts.Length > 8)
        {
            return (null, $"'{integration}' is not a Lambda function ARN; expected arn:aws:lambda:REGION:ACCOUNT:function:NAME or an http(s) URL");
        }

        return functions.TryGetValue($"{region}/{name}", out var target)
            ? (target, null)
            : (null, $"no function {name} in {region} answers for '{integration}'; expected a function of: {string.Join(", ", Known)}");
    }
}
