using System.Globalization;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Aws.Cli;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.Aws.Rds;

internal sealed partial class AwsRdsProvider
{
    private const string SnapshotNotFoundCode = "DBSnapshotNotFound";

    /// <summary>Idempotent: a snapshot of that name (a retry, a resumed run) is waited for, not taken again.</summary>
    private async Task<OperationOutcome> SnapshotAsync(string instance, AwsConnection connection, OperationRequest request, CancellationToken cancellationToken)
    {
        var inputs = new InputReader(Name, "input", request.Inputs);
        var name = inputs.Required("name");
        var wait = inputs.Boolean("wait", true);
        if (inputs.Error is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        var log = request.Context.Log;
        var existing = await cli.RunAsync(SnapshotLookup(name), connection, log, cancellationToken);
        string status;
        string? createdAt;
        if (existing.Succeeded)
        {
            var snapshot = existing.Output.Items("DBSnapshots").FirstOrDefault();
            if (snapshot.Text("DBInstanceIdentifier") != instance)
            {
                return OperationOutcome.Failure($"{Name}: snapshot {name} exists already, of {snapshot.Text("DBInstanceIdentifier")}, not {instance}; choose another name");
            }

            (status, createdAt) = (snapshot.Text("Status") ?? "unknown", snapshot.Text("SnapshotCreateTime"));
            log.Write($"snapshot {name} exists already ({status}): taken earlier");
        }
        else if (existing.ErrorCode != SnapshotNotFoundCode)
        {
            return AwsOutcomes.Failed(existing);
        }
        else
        {
            var created = await cli.RunAsync(CreateSnapshot(instance, name), connection, log, cancellationToken);
            if (!created.Succeeded)
            {
                return AwsOutcomes.Failed(created);
            }

            (status, createdAt) = (created.Output.Text("DBSnapshot", "Status") ?? "creating", created.Output.Text("DBSnapshot", "SnapshotCreateTime"));
        }

        if (wait && status != "available")
        {
            var available = await cli.RunAsync(WaitSnapshot(name), connection, log, cancellationToken);
            if (!available.Succeeded)
            {
                return AwsOutcomes.Failed(available);
            }

            status = "available";
        }

        return OperationOutcome.Success(new Dictionary<string, string> { ["snapshot"] = name, ["status"] = status, ["created_at"] = createdAt ?? "" });
    }

    /// <summary>A failed listing is an error, not "no snapshots": a check on count must never pass or fail on an outage it cannot see.</summary>
    private async Task<ProbeOutcome> SnapshotsProbeAsync(string instance, AwsConnection connection, ProbeRequest request, CancellationToken cancellationToken)
    {
        var cluster = request.Inputs.GetValueOrDefault("cluster") is { Length: > 0 } c ? c.Trim() : null;
        var listed = await cli.RunAsync(cluster is null ? ListSnapshots(instance) : ListClusterSnapshots(cluster), connection, request.Context.Log, cancellationToken);
        if (!listed.Succeeded)
        {
            return ProbeOutcome.Invalid(listed.Error!);
        }

        var available = (cluster is null
            ? Available(listed.Output, "DBSnapshots", "DBSnapshotIdentifier")
            : Available(listed.Output, "DBClusterSnapshots", "DBClusterSnapshotIdentifier")).ToList();
        var latest = available.Count == 0 ? ((string Id, DateTimeOffset At)?)null : available.MaxBy(s => s.At);
        return ProbeOutcome.Observed(new Dictionary<string, string>
        {
            ["count"] = AwsOutcomes.Number(available.Count),
            ["latest"] = latest?.Id ?? "",
            ["latest_at"] = latest?.At.ToString("O", CultureInfo.InvariantCulture) ?? "",
            ["latest_age_s"] = latest is { } l ? Math.Round((time.GetUtcNow() - l.At).TotalSeconds).ToString(CultureInfo.InvariantCulture) : "",
        });
    }

    private async Task<ProbeOutcome> EventsProbeAsync(string instance, AwsConnection connection, ProbeRequest request, CancellationToken cancellationToken)
    {
        var inputs = new InputReader(Name, "input", request.Inputs);
        var duration = inputs.Duration("duration", TimeSpan.FromMinutes(60));
        if (inputs.Error is { } error)
        {
            return ProbeOutcome.Invalid(error);
        }

        var listed = await cli.RunAsync(EventsCommand(instance, duration), connection, request.Context.Log, cancellationToken);
        if (!listed.Succeeded)
        {
            return ProbeOutcome.Invalid(listed.Error!);
        }

        var events = listed.Output.Items("Events")
            .Select(e => (Message: e.Text("Message") ?? "", At: e.Text("Date") ?? ""))
            .OrderBy(e => e.At, StringComparer.Ordinal)
            .ToList();
        return ProbeOutcome.Observed(new Dictionary<string, string>
        {
            ["count"] = AwsOutcomes.Number(events.Count),
            ["latest"] = events.Count == 0 ? "" : events[^1].Message,
            ["latest_at"] = events.Count == 0 ? "" : events[^1].At,
            ["failover_completed"] = events.Any(e => e.Message.Contains("failover completed", StringComparison.OrdinalIgnoreCase)) ? "true" : "false",
        });
    }

    private static AwsCommand SnapshotLookup(string name) =>
        AwsCommand.Call("rds", "describe-db-snapshots", AwsArgument.Option("--db-snapshot-identifier", name));

    private static AwsCommand CreateSnapshot(string instance, string name) => AwsCommand.Call(
        "rds", "create-db-snapshot", AwsArgument.Option("--db-instance-identifier", instance), AwsArgument.Option("--db-snapshot-identifier", name));

    private static AwsCommand WaitSnapshot(string name) =>
        AwsCommand.Wait("rds", "db-snapshot-available", AwsArgument.Option("--db-snapshot-identifier", name));

    // RDS takes the window in whole minutes, at least one.
    private static AwsCommand EventsCommand(string instance, TimeSpan duration) => AwsCommand.Call(
        "rds", "describe-events",
        AwsArgument.Option("--source-identifier", instance),
        AwsArgument.Option("--source-type", "db-instance"),
        AwsArgument.Option("--duration", AwsOutcomes.Number(Math.Max(1, (int)Math.Ceiling(duration.TotalMinutes)))));

    /// <summary>The probes beyond database.status; null for database.status itself.</summary>
    private async Task<ProbeOutcome?> RecoveryProbeAsync(string instance, AwsConnection connection, ProbeRequest request, CancellationToken cancellationToken) =>
        request.Probe == Operations.Database.Snapshots.Name ? await SnapshotsProbeAsync(instance, connection, request, cancellationToken)
        : request.Probe == Operations.Database.Events.Name ? await EventsProbeAsync(instance, connection, request, cancellationToken)
        : null;
}
