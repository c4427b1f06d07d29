using Lifeline.Core.Providers;
using Lifeline.Providers.Aws.Cli;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.Aws.Rds;

internal sealed partial class AwsRdsProvider
{
    /// <summary>
    /// What can really be done to an RDS primary from outside: stop it when its region's API answers. RDS has no read-only
    /// switch, so method read-only on a reachable instance fails rather than pretend. An unreachable region API reports
    /// not fenced, with the reason; only accept-unreachable turns that into success.
    /// </summary>
    private async Task<OperationOutcome> FenceAsync(string instance, AwsConnection connection, OperationRequest request, CancellationToken cancellationToken)
    {
        var inputs = new InputReader(Name, "input", request.Inputs);
        var acceptUnreachable = inputs.Boolean("accept-unreachable", false);
        var method = inputs.Text("method", "read-only");
        if (inputs.Error is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        var log = request.Context.Log;
        var (found, describe) = await DescribeAsync(instance, connection, log, cancellationToken);
        if (!describe.Succeeded && describe.IsUnreachable)
        {
            if (!acceptUnreachable)
            {
                return OperationOutcome.Failure($"{Name}: not fenced: the RDS API for {instance} in {connection.Region ?? "its region"} is unreachable ({describe.Error})");
            }

            log.Write($"not fenced: the RDS API for {instance} is unreachable; the plan accepts that (accept-unreachable)");
            return Fenced("false", "none", "false");
        }

        if (found is null)
        {
            return describe.Succeeded ? OperationOutcome.Failure($"{Name}: no DB instance '{instance}'") : AwsOutcomes.Failed(describe);
        }

        if (found.Status is "stopped" or "stopping")
        {
            return Fenced("true", "stop", "true");
        }

        if (method != "stop")
        {
            return OperationOutcome.Failure($"{Name}: {instance} answers ({found.Status}) and RDS has no read-only switch; fence with method: stop, or by hand");
        }

        var stop = await cli.RunAsync(StopCommand(instance), connection, log, cancellationToken);
        return stop.Succeeded ? Fenced("true", "stop", "true") : AwsOutcomes.Failed(stop);
    }

    private static OperationOutcome Fenced(string fenced, string method, string reachable) =>
        OperationOutcome.Success(new Dictionary<string, string> { ["fenced"] = fenced, ["method"] = method, ["reachable"] = reachable });
}
