using System.Globalization;
using Lifeline.Core.Providers;
using Lifeline.Providers.Aws.Cli;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.Aws.Rds;

internal sealed partial class AwsRdsProvider
{
    /// <summary>
    /// The runbook's "quick recovery": a Multi-AZ instance fails over to its standby in the same region. An instance that
    /// is not Multi-AZ has no standby, and a reboot would only take it down, so that fails before anything is done.
    /// </summary>
    private async Task<OperationOutcome> RebootFailoverAsync(string instance, AwsConnection connection, OperationRequest request, CancellationToken cancellationToken)
    {
        var inputs = new InputReader(Name, "input", request.Inputs);
        var wait = request.Inputs.ContainsKey("wait") ? inputs.Duration("wait", TimeSpan.Zero) : (TimeSpan?)null;
        if (inputs.Error is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        var log = request.Context.Log;
        var (before, describe) = await DescribeAsync(instance, connection, log, cancellationToken);
        if (before is null)
        {
            return describe.Succeeded ? OperationOutcome.Failure($"{Name}: no DB instance '{instance}'") : AwsOutcomes.Failed(describe);
        }

        if (!before.MultiAz)
        {
            return OperationOutcome.Failure($"{Name}: {instance} is not Multi-AZ: there is no standby to fail over to, and a reboot would only take it down");
        }

        var reboot = await cli.RunAsync(RebootCommand(instance, failover: true), connection, log, cancellationToken);
        if (!reboot.Succeeded)
        {
            return AwsOutcomes.Failed(reboot);
        }

        var available = await cli.WaitAsync(WaitAvailable(instance), connection, log, wait, time, cancellationToken);
        if (!available.Succeeded)
        {
            return AwsOutcomes.Failed(available);
        }

        var (after, final) = await DescribeAsync(instance, connection, log, cancellationToken);
        if (after?.Endpoint is null)
        {
            return after is null ? AwsOutcomes.Failed(final) : OperationOutcome.Failure($"{Name}: {instance} is {after.Status} with no endpoint after failover", transient: true);
        }

        log.Write($"{instance} failed over from {before.Zone} to {after.Zone}");
        return OperationOutcome.Success(new Dictionary<string, string>
        {
            ["endpoint"] = after.Endpoint,
            ["host"] = after.Address!,
            ["port"] = after.Port!.Value.ToString(CultureInfo.InvariantCulture),
            ["zone"] = after.Zone ?? "",
            ["previous_zone"] = before.Zone ?? "",
            ["failed_over_at"] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        });
    }
}
