using System.Globalization;
using Lifeline.Core.Providers;
using Lifeline.Providers.Aws.Cli;

namespace Lifeline.Providers.Aws.Rds;

internal sealed partial class AwsRdsProvider
{
    /// <summary>
    /// Idempotent: an instance that is no longer a replica is not promoted again (a retry after a lost answer, or a resumed
    /// run, finds it promoted and only waits for it).
    /// </summary>
    private async Task<OperationOutcome> PromoteAsync(string instance, AwsConnection connection, OperationRequest request, CancellationToken cancellationToken)
    {
        var log = request.Context.Log;
        var (before, describe) = await DescribeAsync(instance, connection, log, cancellationToken);
        if (before is null)
        {
            return describe.Succeeded ? OperationOutcome.Failure($"{Name}: no DB instance '{instance}'") : AwsOutcomes.Failed(describe);
        }

        if (before.IsReplica && request.Inputs.ContainsKey("after-lsn"))
        {
            // RDS reports no WAL positions: PostgreSQL itself, at the replica's endpoint, says what it has replayed.
            var settings = SqlSettings(before, request);
            var inputs = new Inputs.InputReader(Name, "input", request.Inputs);
            var catchUp = inputs.Duration("wait", TimeSpan.FromSeconds(60));
            if (inputs.Error is { } error)
            {
                return OperationOutcome.Failure(error);
            }

            if (await _sql.WaitReplayedAsync(settings, request, Math.Max(1, (int)Math.Ceiling(catchUp.TotalSeconds)), cancellationToken) is { } notCaughtUp)
            {
                return notCaughtUp;
            }
        }

        if (before.IsReplica)
        {
            var promote = await cli.RunAsync(PromoteCommand(instance), connection, log, cancellationToken);
            if (!promote.Succeeded)
            {
                return AwsOutcomes.Failed(promote);
            }
        }
        else
        {
            log.Write($"{instance} is not a read replica (status {before.Status}); it was promoted already, so only waiting for it");
        }

        var wait = await cli.RunAsync(WaitAvailable(instance), connection, log, cancellationToken);
        if (!wait.Succeeded)
        {
            return AwsOutcomes.Failed(wait);
        }

        var (after, final) = await DescribeAsync(instance, connection, log, cancellationToken);
        if (after is null)
        {
            return AwsOutcomes.Failed(final);
        }

        if (after.IsReplica || after.Address is null || after.Port is null)
        {
            // The waiter can see "available" just before the promotion's modification starts.
            return OperationOutcome.Failure($"{Name}: {instance} is {after.Status} but {(after.IsReplica ? $"still replicates from {after.ReplicaSource}" : "has no endpoint yet")}; promotion not finished", transient: true);
        }

        var port = after.Port.Value.ToString(CultureInfo.InvariantCulture);
        return OperationOutcome.Success(new Dictionary<string, string>
        {
            ["endpoint"] = $"{after.Address}:{port}",
            ["host"] = after.Address,
            ["port"] = port,
            ["promoted_at"] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        });
    }

    /// <summary>How the PostgreSQL inside an instance is reached for what RDS does not report (WAL positions).</summary>
    private static Dictionary<string, string> SqlSettings(RdsInstance instance, OperationRequest request) => new(StringComparer.Ordinal)
    {
        ["host"] = instance.Address ?? "",
        ["port"] = instance.Port?.ToString(CultureInfo.InvariantCulture) ?? "",
        ["database"] = request.Settings.GetValueOrDefault("database", "postgres"),
        ["user"] = request.Settings.GetValueOrDefault("user", ""),
        ["password"] = request.Settings.GetValueOrDefault("password", ""),
    };
}
