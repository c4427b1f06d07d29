using System.Globalization;
using System.Text.Json;
using Lifeline.Core.Providers;
using Lifeline.Providers.Aws.Cli;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.Aws.Rds;

internal sealed partial class AwsRdsProvider
{
    private const string NotFoundCode = "DBInstanceNotFound";

    /// <summary>Where a restore goes and how it is built: the step's inputs, read once for the run and the preview.</summary>
    private sealed record RestoreInputs(string Target, string? Time, string? Snapshot, string? InstanceClass, string? SubnetGroup, string[] SecurityGroups, TimeSpan? Wait);

    private static (RestoreInputs? Inputs, string? Error) ReadRestore(OperationRequest request)
    {
        var inputs = new InputReader(Name, "input", request.Inputs);
        var target = inputs.Required("instance");
        var at = inputs.Optional("time") is { } given && !string.Equals(given, "latest", StringComparison.OrdinalIgnoreCase) ? given : null;
        var wait = request.Inputs.ContainsKey("wait") ? inputs.Duration("wait", TimeSpan.Zero) : (TimeSpan?)null;
        if (inputs.Error is { } error)
        {
            return (null, error);
        }

        if (at is not null)
        {
            if (!DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return (null, $"{Name}: input 'time' is '{at}'; expected an ISO 8601 time such as 2025-11-18T10:00:00Z");
            }

            at = parsed.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        }

        return (new RestoreInputs(target, at, inputs.Optional("snapshot"), inputs.Optional("instance-class"), inputs.Optional("subnet-group"),
            AwsWaits.Split(inputs.Optional("security-groups")), wait), null);
    }

    /// <summary>Idempotent: a target that exists already (a retry, a resumed run) is waited for, not restored again.</summary>
    private async Task<OperationOutcome> RestoreToTimeAsync(string source, AwsConnection connection, OperationRequest request, CancellationToken cancellationToken)
    {
        var (restore, error) = ReadRestore(request);
        if (restore is null)
        {
            return OperationOutcome.Failure(error!);
        }

        var outcome = await RestoreAsync(restore, RestoreToTimeCommand(source, restore), connection, request.Context.Log, cancellationToken);
        return outcome.Succeeded
            ? OperationOutcome.Success(new Dictionary<string, string>(outcome.Outputs) { ["restored_to"] = restore.Time ?? "latest" })
            : outcome;
    }

    private async Task<OperationOutcome> RestoreSnapshotAsync(string source, AwsConnection connection, OperationRequest request, CancellationToken cancellationToken)
    {
        var (restore, error) = ReadRestore(request);
        if (restore is null)
        {
            return OperationOutcome.Failure(error!);
        }

        var log = request.Context.Log;
        var snapshot = restore.Snapshot;
        if (snapshot is null)
        {
            var listed = await cli.RunAsync(ListSnapshots(source), connection, log, cancellationToken);
            if (!listed.Succeeded)
            {
                return AwsOutcomes.Failed(listed);
            }

            snapshot = Latest(listed.Output, "DBSnapshots", "DBSnapshotIdentifier")?.Id;
            if (snapshot is null)
            {
                return OperationOutcome.Failure($"{Name}: no available snapshot of {source} in {connection.Region ?? "the region"} to restore from");
            }

            log.Write($"latest available snapshot of {source}: {snapshot}");
        }

        var outcome = await RestoreAsync(restore, RestoreSnapshotCommand(snapshot, restore), connection, log, cancellationToken);
        return outcome.Succeeded
            ? OperationOutcome.Success(new Dictionary<string, string>(outcome.Outputs) { ["snapshot"] = snapshot })
            : outcome;
    }

    private async Task<OperationOutcome> RestoreAsync(RestoreInputs restore, AwsCommand command, AwsConnection connection, IStepLog log, CancellationToken cancellationToken)
    {
        var existing = await cli.RunAsync(Describe(restore.Target), connection, log, cancellationToken);
        if (existing.Succeeded)
        {
            log.Write($"{restore.Target} exists already (status {RdsInstance.From(existing.Output)?.Status}): restored earlier, so only waiting for it");
        }
        else if (existing.ErrorCode != NotFoundCode)
        {
            return AwsOutcomes.Failed(existing);
        }
        else
        {
            var started = await cli.RunAsync(command, connection, log, cancellationToken);
            if (!started.Succeeded)
            {
                return AwsOutcomes.Failed(started);
            }
        }

        var available = await cli.WaitAsync(WaitAvailable(restore.Target), connection, log, restore.Wait, time, cancellationToken);
        if (!available.Succeeded)
        {
            return AwsOutcomes.Failed(available);
        }

        var (after, final) = await DescribeAsync(restore.Target, connection, log, cancellationToken);
        if (after?.Endpoint is null)
        {
            return after is null ? AwsOutcomes.Failed(final) : OperationOutcome.Failure($"{Name}: {restore.Target} is {after.Status} with no endpoint yet", transient: true);
        }

        return OperationOutcome.Success(new Dictionary<string, string>
        {
            ["instance"] = restore.Target,
            ["endpoint"] = after.Endpoint,
            ["host"] = after.Address!,
            ["port"] = after.Port!.Value.ToString(CultureInfo.InvariantCulture),
        });
    }

    private static AwsCommand RestoreToTimeCommand(string source, RestoreInputs restore) => AwsCommand.Call(
        "rds", "restore-db-instance-to-point-in-time",
        [
            AwsArgument.Option("--source-db-instance-identifier", source),
            AwsArgument.Option("--target-db-instance-identifier", restore.Target),
            restore.Time is null ? AwsArgument.Flag("--use-latest-restorable-time") : AwsArgument.Option("--restore-time", restore.Time),
            .. Placement(restore),
        ]);

    private static AwsCommand RestoreSnapshotCommand(string snapshot, RestoreInputs restore) => AwsCommand.Call(
        "rds", "restore-db-instance-from-db-snapshot",
        [
            AwsArgument.Option("--db-instance-identifier", restore.Target),
            AwsArgument.Option("--db-snapshot-identifier", snapshot),
            .. Placement(restore),
            // A restored copy of patient data is never reachable from the internet, whatever the snapshot's instance was.
            AwsArgument.Flag("--no-publicly-accessible"),
        ]);

    private static IEnumerable<AwsArgument> Placement(RestoreInputs restore)
    {
        if (restore.InstanceClass is not null)
        {
            yield return AwsArgument.Option("--db-instance-class", restore.InstanceClass);
        }

        if (restore.SubnetGroup is not null)
        {
            yield return AwsArgument.Option("--db-subnet-group-name", restore.SubnetGroup);
        }

        if (restore.SecurityGroups.Length > 0)
        {
            yield return AwsWaits.List("--vpc-security-group-ids", restore.SecurityGroups);
        }
    }

    private static AwsCommand ListSnapshots(string instance) =>
        AwsCommand.Call("rds", "describe-db-snapshots", AwsArgument.Option("--db-instance-identifier", instance));

    private static AwsCommand ListClusterSnapshots(string cluster) =>
        AwsCommand.Call("rds", "describe-db-cluster-snapshots", AwsArgument.Option("--db-cluster-identifier", cluster));

    /// <summary>The newest available snapshot in a describe-db-(cluster-)snapshots answer: AWS promises no order, so sort.</summary>
    private static (string Id, DateTimeOffset At)? Latest(JsonElement output, string list, string idField)
    {
        var available = Available(output, list, idField).ToList();
        return available.Count == 0 ? null : available.MaxBy(s => s.At);
    }

    private static IEnumerable<(string Id, DateTimeOffset At)> Available(JsonElement output, string list, string idField) =>
        output.Items(list)
            .Where(s => s.Text("Status") == "available")
            .Select(s => (Id: s.Text(idField) ?? "", At: DateTimeOffset.TryParse(s.Text("SnapshotCreateTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MinValue));

    private IEnumerable<AwsCommand> RecoveryPreview(string instance, OperationRequest request)
    {
        if (request.Operation == Core.Vocabulary.Operations.Database.Snapshot.Name)
        {
            var name = request.Inputs.GetValueOrDefault("name", "<name>");
            return [SnapshotLookup(name), CreateSnapshot(instance, name), WaitSnapshot(name)];
        }

        var (restore, _) = ReadRestore(request);
        restore ??= new RestoreInputs(request.Inputs.GetValueOrDefault("instance", "<instance>"), null, null, null, null, [], null);
        return request.Operation == Core.Vocabulary.Operations.Database.RestoreToTime.Name
            ? [Describe(restore.Target), RestoreToTimeCommand(instance, restore), WaitAvailable(restore.Target), Describe(restore.Target)]
            : [
                .. restore.Snapshot is null ? [ListSnapshots(instance)] : Array.Empty<AwsCommand>(),
                Describe(restore.Target),
                RestoreSnapshotCommand(restore.Snapshot ?? "<latest available snapshot>", restore),
                WaitAvailable(restore.Target),
                Describe(restore.Target),
            ];
    }
}
