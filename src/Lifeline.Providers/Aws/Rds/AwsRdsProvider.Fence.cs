using Lifeline.Core.Providers;
using Lifeline.Providers.Aws.Cli;
using Lifeline.Providers.Aws.Ec2;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.Aws.Rds;

internal sealed partial class AwsRdsProvider
{
    /// <summary>
    /// What can really be done to an RDS primary from outside, when its region's API answers: close its security groups to
    /// the application (revoke-security-group-ingress, read back with describe-security-groups), then end the sessions
    /// already open (a security group does not cut established connections) by rebooting it (block) or stop it (stop).
    /// RDS has no read-only switch and no demotion, so demote and advisory fail rather than pretend. An unreachable region
    /// API reports not fenced, with the reason; only accept-unreachable turns that into success, and the plan's gate for
    /// a person stays.
    /// </summary>
    private async Task<OperationOutcome> FenceAsync(string instance, AwsConnection connection, OperationRequest request, CancellationToken cancellationToken)
    {
        var inputs = new InputReader(Name, "input", request.Inputs);
        var acceptUnreachable = inputs.Boolean("accept-unreachable", false);
        var appGroup = request.Settings.GetValueOrDefault(AppSecurityGroupSetting) is { Length: > 0 } g ? g.Trim() : null;
        var method = inputs.Text("method", appGroup is null ? "stop" : "block");
        if (inputs.Error is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        if (method is not ("block" or "stop"))
        {
            return OperationOutcome.Failure($"{Name}: fence method '{method}' is not possible on RDS (no demotion, no read-only switch that holds); expected block (revoke {AppSecurityGroupSetting}'s ingress and reboot) or stop");
        }

        if (method == "block" && appGroup is null)
        {
            return OperationOutcome.Failure($"{Name}: fence method block needs setting '{AppSecurityGroupSetting}' (the application's security group whose ingress is revoked)");
        }

        var log = request.Context.Log;
        var (found, describe) = await DescribeAsync(instance, connection, log, cancellationToken);
        if (!describe.Succeeded && describe.IsUnreachable)
        {
            return NotFenced(instance, connection, describe, acceptUnreachable, log);
        }

        if (found is null)
        {
            return describe.Succeeded ? OperationOutcome.Failure($"{Name}: no DB instance '{instance}'") : AwsOutcomes.Failed(describe);
        }

        var evidence = new List<string>();
        var verified = true;
        if (appGroup is not null)
        {
            var groups = request.Settings.GetValueOrDefault(SecurityGroupSetting) is { Length: > 0 } own ? [own.Trim()] : found.SecurityGroups;
            if (groups.Count == 0)
            {
                return OperationOutcome.Failure($"{Name}: not fenced: {instance} lists no VPC security group to close; set '{SecurityGroupSetting}'");
            }

            var rule = new IngressRule("tcp", found.Port ?? 5432, null, appGroup);
            foreach (var group in groups)
            {
                var revoked = await _revoker.RevokeAsync(group, rule, Ec2Connection(request.Settings), log, cancellationToken);
                if (!revoked.Succeeded)
                {
                    return revoked.Failure!.IsUnreachable
                        ? NotFenced(instance, connection, revoked.Failure, acceptUnreachable, log)
                        : OperationOutcome.Failure($"{Name}: not fenced: {revoked.Failure.Error}", revoked.Failure.IsTransient);
                }

                verified &= revoked.Verified;
                evidence.Add(revoked.Evidence);
            }
        }

        if (method == "stop")
        {
            if (found.Status is not ("stopped" or "stopping"))
            {
                var stop = await cli.RunAsync(StopCommand(instance), connection, log, cancellationToken);
                if (!stop.Succeeded)
                {
                    return OperationOutcome.Failure($"{Name}: not fenced: {stop.Error}", stop.IsTransient);
                }
            }

            evidence.Add($"{instance} {(found.Status is "stopped" or "stopping" ? $"was {found.Status} already" : "is stopping")}");
        }
        else if (found.Status == "available")
        {
            // A security group does not cut established connections: the reboot ends the sessions the application still holds.
            var reboot = await cli.RunAsync(RebootCommand(instance, failover: false), connection, log, cancellationToken);
            if (!reboot.Succeeded)
            {
                return OperationOutcome.Failure($"{Name}: ingress closed but open sessions not ended: {reboot.Error}", reboot.IsTransient);
            }

            evidence.Add($"{instance} rebooting: open sessions end");
        }
        else
        {
            evidence.Add($"{instance} is {found.Status}: no reboot needed to end sessions");
        }

        if (!verified)
        {
            return OperationOutcome.Failure($"{Name}: not fenced: {string.Join("; ", evidence)}");
        }

        var lsn = method == "block" ? await LastLsnAsync(instance, found, connection, request, cancellationToken) : "";
        return OperationOutcome.Success(new Dictionary<string, string>
        {
            ["lsn"] = lsn,
            ["fenced"] = "true",
            ["method"] = method,
            ["reachable"] = "true",
            ["verified"] = appGroup is null ? "false" : "true",
            ["holds"] = "true",
            ["evidence"] = string.Join("; ", evidence),
        });
    }

    /// <summary>
    /// A blocked instance's WAL position once the reboot has ended every session: no acknowledged write lies past it, so a
    /// planned switchover promotes the other side only after replaying it. Empty (and the promotion then refuses) when it
    /// cannot be read: no SQL credentials in the binding, or the instance not reachable from here.
    /// </summary>
    private async Task<string> LastLsnAsync(string instance, RdsInstance found, AwsConnection connection, OperationRequest request, CancellationToken cancellationToken)
    {
        var log = request.Context.Log;
        if (request.Settings.GetValueOrDefault("user") is not { Length: > 0 })
        {
            log.Write($"no 'user' setting for {instance}: its last WAL position is not read, so a switchover cannot promote after it");
            return "";
        }

        var available = await cli.RunAsync(WaitAvailable(instance), connection, log, cancellationToken);
        if (!available.Succeeded)
        {
            log.Write($"{instance} did not come back from its reboot ({available.Error}): its last WAL position is unknown");
            return "";
        }

        return await _sql.CurrentLsnAsync(SqlSettings(found, request), log, cancellationToken);
    }

    private OperationOutcome NotFenced(string instance, AwsConnection connection, AwsResult unreachable, bool acceptUnreachable, IStepLog log)
    {
        var reason = $"the AWS API for {instance} in {connection.Region ?? "its region"} is unreachable ({unreachable.Error})";
        if (!acceptUnreachable)
        {
            return OperationOutcome.Failure($"{Name}: not fenced: {reason}");
        }

        log.Write($"not fenced: {reason}; the plan accepts that (accept-unreachable)");
        return OperationOutcome.Success(new Dictionary<string, string>
        {
            ["lsn"] = "",
            ["fenced"] = "false",
            ["method"] = "none",
            ["reachable"] = "false",
            ["verified"] = "false",
            ["holds"] = "false",
            ["evidence"] = reason,
        });
    }

    private IEnumerable<AwsCommand> FencePreview(string instance, OperationRequest request)
    {
        var appGroup = request.Settings.GetValueOrDefault(AppSecurityGroupSetting);
        var method = request.Inputs.GetValueOrDefault("method") ?? (string.IsNullOrWhiteSpace(appGroup) ? "stop" : "block");
        yield return Describe(instance);
        if (!string.IsNullOrWhiteSpace(appGroup))
        {
            var group = request.Settings.GetValueOrDefault(SecurityGroupSetting, "<each VPC security group of the instance>");
            var rule = new IngressRule("tcp", 5432, null, appGroup.Trim());
            yield return IngressRevoker.Revoke(group, rule);
            yield return IngressRevoker.Describe(group);
        }

        yield return method == "stop" ? StopCommand(instance) : RebootCommand(instance, failover: false);
    }
}
