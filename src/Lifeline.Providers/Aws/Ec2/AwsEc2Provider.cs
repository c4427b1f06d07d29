using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Aws.Cli;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.Aws.Ec2;

/// <summary>
/// Amazon EC2 through the AWS CLI: closing a security group's inbound path (revoke-security-group-ingress, then
/// describe-security-groups to check it is closed) and forensic volume snapshots (create-snapshot).
/// </summary>
internal sealed class AwsEc2Provider(AwsCli cli) : IProvider, ICommandPreview, IPreparesAhead
{
    public Task PrepareAsync(CancellationToken cancellationToken) => cli.PrepareAsync(cancellationToken);

    public const string Name = "aws-ec2";
    private const string GroupSetting = "group-id";
    private const string VolumeSetting = "volume-id";

    private readonly IngressRevoker _revoker = new(cli);

    public ProviderDescriptor Descriptor { get; } = new(
        Name,
        "Amazon EC2 through the AWS CLI: revoke-security-group-ingress checked with describe-security-groups; create-snapshot of an EBS volume.",
        [Operations.Firewall.RevokeIngress, Operations.Volume.Snapshot],
        [],
        [
            SettingDescriptor.RequiredBy(GroupSetting, "Security group id (sg-…).", Operations.Firewall.RevokeIngress.Name),
            SettingDescriptor.RequiredBy(VolumeSetting, "EBS volume id (vol-…).", Operations.Volume.Snapshot.Name),
            .. AwsConnection.Settings,
        ]);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        var connection = AwsConnection.From(request.Settings);
        if (request.Operation == Operations.Firewall.RevokeIngress.Name)
        {
            var (groupId, rule, error) = Ingress(request);
            if (error is not null)
            {
                return OperationOutcome.Failure(error);
            }

            var result = await _revoker.RevokeAsync(groupId!, rule!, connection, request.Context.Log, cancellationToken);
            if (!result.Succeeded)
            {
                return AwsOutcomes.Failed(result.Failure!);
            }

            request.Context.Log.Write(result.Evidence);
            return result.Verified
                ? OperationOutcome.Success(new Dictionary<string, string> { ["revoked"] = "true", ["was_present"] = Bool(result.WasPresent), ["verified"] = "true" })
                : OperationOutcome.Failure($"{Name}: {rule} is not closed: {result.Evidence}");
        }

        if (request.Operation == Operations.Volume.Snapshot.Name)
        {
            if (!request.Settings.TryGetValue(VolumeSetting, out var volume) || string.IsNullOrWhiteSpace(volume))
            {
                return OperationOutcome.Failure($"{Name} needs setting '{VolumeSetting}' for {request.Operation}");
            }

            var created = await cli.RunAsync(Snapshot(volume, request.Inputs.GetValueOrDefault("description")), connection, request.Context.Log, cancellationToken);
            return created.Succeeded
                ? OperationOutcome.Success(new Dictionary<string, string>
                {
                    ["snapshot"] = created.Output.Text("SnapshotId") ?? "",
                    ["state"] = created.Output.Text("State") ?? "",
                    ["started_at"] = created.Output.Text("StartTime") ?? "",
                })
                : AwsOutcomes.Failed(created);
        }

        return AwsOutcomes.UnknownOperation(Name, request.Operation);
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeOutcome.Invalid($"{Name} does not offer probe '{request.Probe}'"));

    public IReadOnlyList<string> PreviewCommands(OperationRequest request)
    {
        var connection = AwsConnection.From(request.Settings);
        if (request.Operation == Operations.Volume.Snapshot.Name)
        {
            return [Snapshot(request.Settings.GetValueOrDefault(VolumeSetting, "<volume-id>"), request.Inputs.GetValueOrDefault("description")).Preview(connection)];
        }

        var (groupId, rule, _) = Ingress(request);
        groupId ??= request.Settings.GetValueOrDefault(GroupSetting, "<group-id>");
        return rule is null ? [] : [IngressRevoker.Revoke(groupId, rule).Preview(connection), IngressRevoker.Describe(groupId).Preview(connection)];
    }

    private static AwsCommand Snapshot(string volume, string? description) => description is { Length: > 0 }
        ? AwsCommand.Call("ec2", "create-snapshot", AwsArgument.Option("--volume-id", volume), AwsArgument.Option("--description", description))
        : AwsCommand.Call("ec2", "create-snapshot", AwsArgument.Option("--volume-id", volume));

    private static (string? GroupId, IngressRule? Rule, string? Error) Ingress(OperationRequest request)
    {
        if (!request.Settings.TryGetValue(GroupSetting, out var groupId) || string.IsNullOrWhiteSpace(groupId))
        {
            return (null, null, $"{Name} needs setting '{GroupSetting}' for {request.Operation}");
        }

        var inputs = new InputReader(Name, "input", request.Inputs);
        var port = inputs.Port("port");
        var protocol = inputs.Text("protocol", "tcp").ToLowerInvariant();
        var cidr = inputs.Optional("cidr");
        var source = inputs.Optional("source-group");
        if (inputs.Error is { } error)
        {
            return (groupId, null, error);
        }

        if (protocol is not ("tcp" or "udp" or "icmp"))
        {
            return (groupId, null, $"{Name}: input 'protocol' is '{protocol}'; expected tcp, udp or icmp");
        }

        if ((cidr is null) == (source is null))
        {
            return (groupId, null, $"{Name}: name exactly one of inputs 'cidr' and 'source-group'");
        }

        return (groupId, new IngressRule(protocol, port, cidr, source), null);
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
