using System.Text.RegularExpressions;

namespace Lifeline.Providers.Aws.Cli;

/// <summary>
/// The CLI's stderr turned into AWS's error code, a message that names it, and whether a retry may help: throttling, 5xx
/// and connection failures are transient; everything else (AccessDenied, validation, missing resources) is permanent.
/// </summary>
internal sealed partial record AwsError(string Code, string Message, bool IsTransient)
{
    public const string ConnectionFailure = "ConnectionFailure";
    public const string WaiterTimedOut = "WaiterTimedOut";

    private static readonly HashSet<string> Throttling = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestLimitExceeded", "TooManyRequestsException",
        "RequestThrottled", "RequestThrottledException", "SlowDown", "PriorRequestNotComplete", "ProvisionedThroughputExceededException",
    };

    private static readonly HashSet<string> ServerSide = new(StringComparer.Ordinal)
    {
        "InternalFailure", "InternalError", "InternalServerError", "InternalServerException", "InternalServiceError",
        "InternalServiceErrorException", "ServiceUnavailable", "ServiceUnavailableException", "ServiceException", "ServerException",
        "RequestTimeout", "RequestTimeoutException",
    };

    public static bool IsUnreachableCode(string? code) =>
        code is not null && (code == ConnectionFailure || ServerSide.Contains(code) || (int.TryParse(code, out var status) && status >= 500));

    public static AwsError Classify(string command, int exitCode, string stderr)
    {
        var text = stderr.Trim();
        if (WaiterError().Match(text) is { Success: true } waiter)
        {
            var reason = waiter.Groups["reason"].Value.Trim();
            // A waiter that ran out of attempts may still get there; one that met a failure state will not.
            var timedOut = reason.Contains("Max attempts exceeded", StringComparison.Ordinal);
            var inner = ServiceErrorCode().Match(reason);
            var code = inner.Success ? inner.Groups["code"].Value : timedOut ? WaiterTimedOut : "WaiterFailed";
            return new AwsError(code, $"aws {command}: waiter {waiter.Groups["name"].Value} failed: {reason}", timedOut || IsTransientCode(code));
        }

        if (ServiceError().Match(text) is { Success: true } service)
        {
            var code = service.Groups["code"].Value;
            var detail = service.Groups["detail"].Value.Trim();
            return new AwsError(code, $"aws {command}: {code}: {detail}", IsTransientCode(code));
        }

        if (ConnectionError().IsMatch(text))
        {
            return new AwsError(ConnectionFailure, $"aws {command}: {ConnectionFailure}: {FirstLine(text)}", true);
        }

        var fallback = text.Length == 0 ? $"exit code {exitCode}" : FirstLine(text);
        // 252 and 2 are the CLI's usage errors (a bad option or parameter): never worth a retry.
        return new AwsError(exitCode is 252 or 2 ? "InvalidCommand" : "CliError", $"aws {command}: {fallback}", false);
    }

    private static bool IsTransientCode(string code) =>
        Throttling.Contains(code) || ServerSide.Contains(code) || (int.TryParse(code, out var status) && status >= 500);

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? text;

    [GeneratedRegex(@"An error occurred \((?<code>[^)]+)\) when calling the (?<operation>\w+) operation(?: \([^)]*\))?: ?(?<detail>[^\n]*)")]
    private static partial Regex ServiceError();

    [GeneratedRegex(@"An error occurred \((?<code>[^)]+)\)")]
    private static partial Regex ServiceErrorCode();

    [GeneratedRegex(@"Waiter (?<name>\w+) failed: (?<reason>[^\n]*)")]
    private static partial Regex WaiterError();

    [GeneratedRegex(@"Could not connect to the endpoint URL|Connect timeout on endpoint URL|Read timeout on endpoint URL|Connection was closed before we received a valid response|Connection reset by peer|Max retries exceeded with url", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionError();
}
