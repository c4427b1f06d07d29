using Lifeline.Core.Providers;
using Lifeline.Providers.Aws.Cli;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.Aws.Rds;

/// <summary>
/// <c>database.reprotect</c> on RDS: RDS cannot rewind an instance into a replica, so the binding's instance is created
/// again as a (cross-region) read replica of the promoted upstream. The old primary must be gone first (a final snapshot
/// and a delete are an operator's decision, not this step's); an instance that already replicates from the upstream is
/// only waited for.
/// </summary>
internal sealed partial class AwsRdsProvider
{
    private const string UpstreamSetting = "upstream";

    private async Task<OperationOutcome> ReprotectAsync(string instance, AwsConnection connection, OperationRequest request, CancellationToken cancellationToken)
    {
        var inputs = new InputReader(Name, "input", request.Inputs);
        var wait = request.Inputs.ContainsKey("wait") ? inputs.Duration("wait", TimeSpan.Zero) : (TimeSpan?)null;
        if (inputs.Error is { } inputError)
        {
            return OperationOutcome.Failure(inputError);
        }

        if (Upstream(request.Settings, connection) is not { } upstream)
        {
            return OperationOutcome.Failure($"{Name}: reprotect of {instance} needs setting '{UpstreamSetting}' (the promoted DR instance's ARN, arn:aws:rds:REGION:ACCOUNT:db:ID, or its identifier in the same region); nothing was created");
        }

        var log = request.Context.Log;
        var (source, describeSource) = await DescribeAsync(upstream.Id, upstream.Connection, log, cancellationToken);
        if (source is null)
        {
            return describeSource.Succeeded ? OperationOutcome.Failure($"{Name}: no upstream DB instance '{upstream.Id}' in {upstream.Connection.Region ?? "its region"}") : AwsOutcomes.Failed(describeSource);
        }

        if (source.IsReplica || !source.IsServing)
        {
            return OperationOutcome.Failure($"{Name}: the upstream {upstream.Id} is {(source.IsReplica ? $"a read replica of {source.ReplicaSource}" : source.Status)}, not a writable primary; there is nothing to reprotect {instance} onto, and nothing was created");
        }

        var existing = await cli.RunAsync(Describe(instance), connection, log, cancellationToken);
        var rewound = false;
        if (existing.Succeeded)
        {
            var found = RdsInstance.From(existing.Output);
            if (found?.ReplicaSource is not { } replicates || !SameInstance(replicates, upstream.Arn, upstream.Id))
            {
                return OperationOutcome.Failure(
                    $"{Name}: the old primary {instance} still exists ({found?.Status ?? "unknown"}{(found?.ReplicaSource is { } other ? $", a replica of {other}" : "")}); RDS cannot rewind it into a replica of {upstream.Id}. Take a final snapshot and delete it (or rename it), then reprotect again; nothing was created");
            }

            log.Write($"{instance} already replicates from {replicates} (status {found.Status}); only waiting for it");
        }
        else if (existing.ErrorCode != NotFoundCode)
        {
            return AwsOutcomes.Failed(existing);
        }
        else
        {
            var created = await cli.RunAsync(CreateReplicaCommand(instance, upstream.Arn ?? upstream.Id, upstream.Connection.Region, connection.Region), connection, log, cancellationToken);
            if (!created.Succeeded)
            {
                return AwsOutcomes.Failed(created);
            }

            rewound = true;
        }

        var available = await cli.WaitAsync(WaitAvailable(instance), connection, log, wait, time, cancellationToken);
        if (!available.Succeeded)
        {
            return AwsOutcomes.Failed(available);
        }

        var (after, final) = await DescribeAsync(instance, connection, log, cancellationToken);
        if (after?.ReplicaSource is null)
        {
            return after is null ? AwsOutcomes.Failed(final) : OperationOutcome.Failure($"{Name}: {instance} is {after.Status} but not a read replica of {upstream.Id}", transient: true);
        }

        return OperationOutcome.Success(new Dictionary<string, string>
        {
            ["upstream"] = after.ReplicaSource,
            ["role"] = "standby",
            ["replication_state"] = "replicating",
            ["rewound"] = rewound ? "true" : "false",
        });
    }

    private sealed record UpstreamInstance(string Id, string? Arn, AwsConnection Connection);

    /// <summary>An ARN names the upstream's region; a bare identifier is in the binding's own region.</summary>
    private static UpstreamInstance? Upstream(IReadOnlyDictionary<string, string> settings, AwsConnection connection)
    {
        if (!settings.TryGetValue(UpstreamSetting, out var raw) || string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var value = raw.Trim();
        var parts = value.Split(':');
        return parts is ["arn", _, "rds", { Length: > 0 } region, _, "db", { Length: > 0 } id]
            ? new UpstreamInstance(id, value, connection with { Region = region })
            : new UpstreamInstance(value, null, connection);
    }

    private static bool SameInstance(string replicaSource, string? arn, string id) =>
        replicaSource == arn || replicaSource == id || replicaSource.EndsWith(":db:" + id, StringComparison.Ordinal);

    /// <summary>--source-region makes the CLI sign the cross-region request (the pre-signed URL RDS needs for it).</summary>
    private static AwsCommand CreateReplicaCommand(string instance, string source, string? sourceRegion, string? region) => AwsCommand.Call(
        "rds", "create-db-instance-read-replica",
        [
            AwsArgument.Option("--db-instance-identifier", instance),
            AwsArgument.Option("--source-db-instance-identifier", source),
            .. sourceRegion is not null && sourceRegion != region ? [AwsArgument.Option("--source-region", sourceRegion)] : Array.Empty<AwsArgument>(),
        ]);

    private static IEnumerable<AwsCommand> ReprotectPreview(string instance, OperationRequest request)
    {
        var connection = AwsConnection.From(request.Settings);
        var upstream = Upstream(request.Settings, connection) ?? new UpstreamInstance("<upstream>", null, connection);
        return [Describe(instance), CreateReplicaCommand(instance, upstream.Arn ?? upstream.Id, upstream.Connection.Region, connection.Region), WaitAvailable(instance), Describe(instance)];
    }
}
