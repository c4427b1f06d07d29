using System.Globalization;
using Lifeline.Core.Providers;
using Lifeline.Providers.Aws.Cli;

namespace Lifeline.Providers.Aws.Rds;

internal sealed partial class AwsRdsProvider
{
    /// <summary>Row counts are SQL: find the instance's endpoint through the API, then ask PostgreSQL itself.</summary>
    private async Task<OperationOutcome> BaselineAsync(string instance, AwsConnection connection, OperationRequest request, CancellationToken cancellationToken)
    {
        var (found, describe) = await DescribeAsync(instance, connection, request.Context.Log, cancellationToken);
        if (found?.Address is null || found.Port is null)
        {
            return describe.Succeeded ? OperationOutcome.Failure($"{Name}: DB instance '{instance}' has no endpoint ({found?.Status ?? "not found"})") : AwsOutcomes.Failed(describe);
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = found.Address,
            ["port"] = found.Port.Value.ToString(CultureInfo.InvariantCulture),
            ["database"] = request.Settings.GetValueOrDefault("database", "postgres"),
            ["user"] = request.Settings.GetValueOrDefault("user", "postgres"),
            ["password"] = request.Settings.GetValueOrDefault("password", ""),
        };
        return await _sql.ExecuteAsync(request with { Settings = settings }, cancellationToken);
    }
}
