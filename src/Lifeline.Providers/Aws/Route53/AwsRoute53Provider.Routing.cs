using Lifeline.Core.Providers;
using Lifeline.Providers.Aws.Cli;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.Aws.Route53;

internal sealed partial class AwsRoute53Provider
{
    private static RecordRouting ReadRouting(InputReader inputs)
    {
        var alias = inputs.Optional("alias-zone");
        var evaluate = inputs.Boolean("evaluate-health", false);
        var setId = inputs.Optional("set-id");
        var failover = inputs.Optional("failover")?.ToUpperInvariant();
        var weight = inputs.Optional("weight") is null ? (int?)null : inputs.Integer("weight", 0, 0, 255);
        var healthCheck = inputs.Optional("health-check");
        string? error = null;
        if (failover is not (null or "PRIMARY" or "SECONDARY"))
        {
            error = $"{Name}: input 'failover' is '{failover.ToLowerInvariant()}'; expected primary or secondary";
        }
        else if (failover is not null && weight is not null)
        {
            error = $"{Name}: a record is either failover or weighted; name one of inputs 'failover' and 'weight'";
        }
        else if ((failover is not null || weight is not null) && setId is null)
        {
            error = $"{Name}: a {(failover is null ? "weighted" : "failover")} record needs input 'set-id' to tell it from the others of its name";
        }
        else if (setId is not null && failover is null && weight is null)
        {
            error = $"{Name}: input 'set-id' is only for failover or weighted records; add 'failover' or 'weight'";
        }
        else if (evaluate && alias is null)
        {
            error = $"{Name}: input 'evaluate-health' is only for alias records; add 'alias-zone'";
        }

        return new RecordRouting(alias, evaluate, setId, failover, weight, healthCheck, error);
    }

    /// <summary>The ResourceRecordSet of a change batch: an alias has no TTL and no values of its own.</summary>
    private static Dictionary<string, object> RecordSet(string name, string type, int ttl, string[] values, RecordRouting routing)
    {
        var set = new Dictionary<string, object> { ["Name"] = name, ["Type"] = type };
        if (routing.SetId is not null)
        {
            set["SetIdentifier"] = routing.SetId;
        }

        if (routing.Failover is not null)
        {
            set["Failover"] = routing.Failover;
        }

        if (routing.Weight is { } weight)
        {
            set["Weight"] = weight;
        }

        if (routing.AliasZone is not null)
        {
            set["AliasTarget"] = new Dictionary<string, object> { ["HostedZoneId"] = routing.AliasZone, ["DNSName"] = values[0], ["EvaluateTargetHealth"] = routing.EvaluateHealth };
        }
        else
        {
            set["TTL"] = ttl;
            set["ResourceRecords"] = values.Select(v => new Dictionary<string, string> { ["Value"] = v }).ToArray();
        }

        if (routing.HealthCheck is not null)
        {
            set["HealthCheckId"] = routing.HealthCheck;
        }

        return set;
    }

    /// <summary>
    /// Healthy when more than half the checkers that reported see it healthy, as Route 53 itself decides. A region
    /// that cannot be asked is an error, not "unhealthy": a failover decision must not rest on the caller's outage.
    /// </summary>
    private async Task<ProbeOutcome> HealthCheckAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        var inputs = new InputReader(Name, "input", request.Inputs);
        var id = inputs.Required("id");
        if (inputs.Error is { } error)
        {
            return ProbeOutcome.Invalid(error);
        }

        var result = await cli.RunAsync(HealthCheckStatus(id), Connection(request.Settings), request.Context.Log, cancellationToken);
        if (!result.Succeeded)
        {
            return ProbeOutcome.Invalid(result.Error!);
        }

        var reports = result.Output.Items("HealthCheckObservations")
            .Select(o => (Status: o.Text("StatusReport", "Status") ?? "", At: o.Text("StatusReport", "CheckedTime") ?? ""))
            .ToList();
        var healthy = reports.Count(r => r.Status.StartsWith("Success", StringComparison.Ordinal));
        return ProbeOutcome.Observed(new Dictionary<string, string>
        {
            ["healthy"] = reports.Count > 0 && healthy * 2 > reports.Count ? "true" : "false",
            ["checkers"] = AwsOutcomes.Number(reports.Count),
            ["healthy_checkers"] = AwsOutcomes.Number(healthy),
            ["status"] = reports.OrderBy(r => r.At, StringComparer.Ordinal).LastOrDefault().Status ?? "",
        });
    }

    private static AwsCommand HealthCheckStatus(string id) =>
        AwsCommand.Call("route53", "get-health-check-status", AwsArgument.Option("--health-check-id", id));
}
