using System.Globalization;
using System.Text.Json;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Aws.Cli;

namespace Lifeline.Providers.Aws.Rds;

internal sealed partial class AwsRdsProvider
{
    private static readonly TimeSpan LagWindow = TimeSpan.FromMinutes(5);

    /// <summary>
    /// An unreachable region API (connection failure, 5xx) is an observation: reachable=false. A permanent error
    /// (AccessDenied, no such instance) is not: it fails the probe, so a misconfigured binding never looks like an outage.
    /// </summary>
    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        if (!request.Settings.TryGetValue(InstanceSetting, out var instance) || string.IsNullOrWhiteSpace(instance))
        {
            return ProbeOutcome.Invalid($"{Name} needs setting '{InstanceSetting}' (the DB instance identifier)");
        }

        var connection = AwsConnection.From(request.Settings);
        if (await RecoveryProbeAsync(instance, connection, request, cancellationToken) is { } observed)
        {
            return observed;
        }

        if (request.Probe != Operations.Database.Status.Name)
        {
            return ProbeOutcome.Invalid($"{Name} does not offer probe '{request.Probe}'");
        }

        var (found, describe) = await DescribeAsync(instance, connection, request.Context.Log, cancellationToken);
        if (!describe.Succeeded)
        {
            return describe.IsUnreachable
                ? ProbeOutcome.Observed(Unreachable(describe.Error!))
                : ProbeOutcome.Invalid(describe.Error!);
        }

        if (found is null)
        {
            return ProbeOutcome.Invalid($"{Name}: no DB instance '{instance}'");
        }

        var fields = new Dictionary<string, string>
        {
            ["reachable"] = Bool(found.IsServing),
            ["writable"] = Bool(found.IsServing && !found.IsReplica),
            ["in_recovery"] = Bool(found.IsReplica),
            ["role"] = found.IsReplica ? "replica" : "primary",
            ["status"] = found.Status,
        };
        if (found.IsReplica)
        {
            var lag = await ReplicaLagAsync(instance, connection, request.Context.Log, cancellationToken);
            fields["replication_state"] = lag is null ? "unknown" : "streaming";
            if (lag is not null)
            {
                fields["lag_seconds"] = lag;
            }
        }
        else
        {
            fields["lag_seconds"] = "0";
        }

        return ProbeOutcome.Observed(fields);
    }

    private static AwsCommand LagCommand(string instance, DateTimeOffset now) => AwsCommand.Call(
        "cloudwatch", "get-metric-statistics",
        AwsArgument.Option("--namespace", "AWS/RDS"),
        AwsArgument.Option("--metric-name", "ReplicaLag"),
        AwsArgument.Option("--dimensions", $"Name=DBInstanceIdentifier,Value={instance}"),
        AwsArgument.Option("--start-time", (now - LagWindow).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
        AwsArgument.Option("--end-time", now.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
        AwsArgument.Option("--period", "60"),
        AwsArgument.Option("--statistics", "Maximum"));

    /// <summary>RDS reports a replica's lag only as the CloudWatch metric ReplicaLag; the latest minute's maximum is used.</summary>
    private async Task<string?> ReplicaLagAsync(string instance, AwsConnection connection, IStepLog log, CancellationToken cancellationToken)
    {
        var result = await cli.RunAsync(LagCommand(instance, time.GetUtcNow()), connection, log, cancellationToken);
        if (!result.Succeeded)
        {
            return null;
        }

        var latest = result.Output.Items("Datapoints")
            .Select(p => (At: p.Text("Timestamp"), Value: p.Element("Maximum")))
            .Where(p => p.Value is { ValueKind: JsonValueKind.Number })
            .OrderBy(p => p.At, StringComparer.Ordinal)
            .LastOrDefault();
        return latest.Value is { } value ? Math.Round(value.GetDouble()).ToString(CultureInfo.InvariantCulture) : null;
    }

    private static Dictionary<string, string> Unreachable(string error) => new()
    {
        ["reachable"] = "false",
        ["writable"] = "false",
        ["in_recovery"] = "false",
        ["role"] = "unknown",
        ["error"] = error,
    };

    private static string Bool(bool value) => value ? "true" : "false";
}
