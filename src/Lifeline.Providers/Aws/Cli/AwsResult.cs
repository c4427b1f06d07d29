using System.Text.Json;

namespace Lifeline.Providers.Aws.Cli;

/// <summary>
/// What one <c>aws</c> call came to: its parsed JSON output, or AWS's error code and message with a transience verdict.
/// </summary>
internal sealed record AwsResult(bool Succeeded, JsonElement Output, string? ErrorCode, string? Error, bool IsTransient)
{
    public static AwsResult Success(JsonElement output) => new(true, output, null, null, false);

    public static AwsResult Failure(AwsError error) => new(false, default, error.Code, error.Message, error.IsTransient);

    /// <summary>A connection failure or a 5xx: the endpoint did not answer as a service (a region that is down looks like this).</summary>
    public bool IsUnreachable => !Succeeded && IsTransient && AwsError.IsUnreachableCode(ErrorCode);
}
