using System.Text.Json;
using Lifeline.Core.Providers;
using Lifeline.Providers.Aws.Cli;

namespace Lifeline.Providers.Aws.Ec2;

/// <summary>
/// Closes one inbound path of a security group and reads the group back to check that nothing admits it any more
/// (another rule could: a wider range, all protocols). A rule already gone counts as revoked, so a retry or a resumed
/// run is harmless. Shared by <c>firewall.revoke-ingress</c> and the RDS fence.
/// </summary>
internal sealed class IngressRevoker(AwsCli cli)
{
    private const string NotFound = "InvalidPermission.NotFound";

    public static AwsCommand Revoke(string groupId, IngressRule rule) => AwsCommand.Call(
        "ec2", "revoke-security-group-ingress",
        AwsArgument.Option("--group-id", groupId),
        AwsArgument.Option("--protocol", rule.Protocol),
        AwsArgument.Option("--port", AwsOutcomes.Number(rule.Port)),
        rule.Cidr is null ? AwsArgument.Option("--source-group", rule.SourceGroup!) : AwsArgument.Option("--cidr", rule.Cidr));

    public static AwsCommand Describe(string groupId) =>
        AwsCommand.Call("ec2", "describe-security-groups", AwsArgument.Option("--group-ids", groupId));

    public async Task<IngressRevocation> RevokeAsync(string groupId, IngressRule rule, AwsConnection connection, IStepLog log, CancellationToken cancellationToken)
    {
        var revoke = await cli.RunAsync(Revoke(groupId, rule), connection, log, cancellationToken);
        var wasPresent = revoke.Succeeded;
        if (!revoke.Succeeded && revoke.ErrorCode != NotFound)
        {
            return new IngressRevocation(revoke, false, false, revoke.Error!);
        }

        if (!wasPresent)
        {
            log.Write($"{groupId} has no rule {rule}: revoked already");
        }

        var describe = await cli.RunAsync(Describe(groupId), connection, log, cancellationToken);
        if (!describe.Succeeded)
        {
            return new IngressRevocation(describe, wasPresent, false, describe.Error!);
        }

        var group = describe.Output.Items("SecurityGroups").FirstOrDefault();
        var admitting = group.ValueKind == JsonValueKind.Object ? group.Items("IpPermissions").Where(p => Admits(p, rule)).ToList() : [];
        var evidence = admitting.Count == 0
            ? $"{groupId} read back: no rule admits {rule}"
            : $"{groupId} read back: {admitting.Count} rule(s) still admit {rule}";
        return new IngressRevocation(null, wasPresent, admitting.Count == 0, evidence);
    }

    /// <summary>Whether a rule of describe-security-groups lets the path through: same source, protocol (or all), port in range.</summary>
    private static bool Admits(JsonElement permission, IngressRule rule)
    {
        var protocol = permission.Text("IpProtocol");
        if (protocol != "-1" && !string.Equals(protocol, rule.Protocol, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var from = int.TryParse(permission.Text("FromPort"), out var f) ? f : -1;
        var to = int.TryParse(permission.Text("ToPort"), out var t) ? t : -1;
        if (protocol != "-1" && from != -1 && (rule.Port < from || rule.Port > to))
        {
            return false;
        }

        return rule.Cidr is not null
            ? permission.Items("IpRanges").Any(r => r.Text("CidrIp") == rule.Cidr)
            : permission.Items("UserIdGroupPairs").Any(g => g.Text("GroupId") == rule.SourceGroup);
    }
}
