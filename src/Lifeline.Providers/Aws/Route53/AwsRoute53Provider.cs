using System.Net;
using System.Text.Json;
using Lifeline.Core.Providers;
using Lifeline.Providers.Aws.Cli;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.Aws.Route53;

/// <summary>
/// Amazon Route 53 through the AWS CLI: an UPSERT with change-resource-record-sets (plain, alias, failover or weighted
/// records) counts once the CLI's resource-record-sets-changed waiter (get-change) sees the change INSYNC on every Route 53
/// server; test-dns-answer is the authoritative query behind dns.resolve; get-health-check-status behind dns.health-check.
/// </summary>
internal sealed partial class AwsRoute53Provider(AwsCli cli) : IProvider, ICommandPreview, IPreparesAhead
{
    public Task PrepareAsync(CancellationToken cancellationToken) => cli.PrepareAsync(cancellationToken);

    public const string Name = "aws-route53";
    private const string ZoneIdSetting = "hosted-zone-id";
    private const string ZoneSetting = "zone";

    // Route 53 is global; its API is signed for us-east-1 unless a binding says otherwise.
    private const string GlobalRegion = "us-east-1";

    // The change batch is shown in dry-run and logs as the runbook writes it: no \u003C for '<'.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public ProviderDescriptor Descriptor { get; } = new(
        Name,
        "Amazon Route 53 through the AWS CLI: change-resource-record-sets UPSERT (A, AAAA, CNAME, alias, failover, weighted), wait resource-record-sets-changed (get-change until INSYNC), test-dns-answer, get-health-check-status.",
        Operations.Dns.Capability.Operations,
        Operations.Dns.Capability.Probes,
        [Core.Providers.SettingDescriptor.Required(ZoneIdSetting, "Route 53 hosted zone id."), Core.Providers.SettingDescriptor.Required(ZoneSetting, "The zone's name, e.g. example.org."), .. AwsConnection.Settings]);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != Operations.Dns.Upsert.Name)
        {
            return AwsOutcomes.UnknownOperation(Name, request.Operation);
        }

        if (!request.Settings.TryGetValue(ZoneIdSetting, out var zoneId) || string.IsNullOrWhiteSpace(zoneId))
        {
            return OperationOutcome.Failure($"{Name} needs setting '{ZoneIdSetting}'");
        }

        var change = Change(request, zoneId);
        if (change.Error is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        var log = request.Context.Log;
        var connection = Connection(request.Settings);
        var submitted = await cli.RunAsync(change.Command!, connection, log, cancellationToken);
        if (!submitted.Succeeded)
        {
            return AwsOutcomes.Failed(submitted);
        }

        var changeId = submitted.Output.Text("ChangeInfo", "Id");
        if (changeId is null)
        {
            return OperationOutcome.Failure($"{Name}: change-resource-record-sets returned no change id");
        }

        var wait = await cli.RunAsync(WaitInSync(changeId), connection, log, cancellationToken);
        return wait.Succeeded
            ? OperationOutcome.Success(new Dictionary<string, string> { ["name"] = change.Name!, ["content"] = string.Join(',', change.Values!), ["verified"] = "true", ["change_id"] = changeId })
            : AwsOutcomes.Failed(wait);
    }

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        if (request.Probe == Operations.Dns.HealthCheck.Name)
        {
            return await HealthCheckAsync(request, cancellationToken);
        }

        if (request.Probe != Operations.Dns.Resolve.Name)
        {
            return ProbeOutcome.Invalid($"{Name} does not offer probe '{request.Probe}'");
        }

        if (!request.Settings.TryGetValue(ZoneIdSetting, out var zoneId) || string.IsNullOrWhiteSpace(zoneId))
        {
            return ProbeOutcome.Invalid($"{Name} needs setting '{ZoneIdSetting}'");
        }

        var inputs = new InputReader(Name, "input", request.Inputs);
        var name = Qualify(inputs.Required("name"), request.Settings.GetValueOrDefault(ZoneSetting));
        var type = inputs.Text("type", "A").ToUpperInvariant();
        if (inputs.Error is { } error)
        {
            return ProbeOutcome.Invalid(error);
        }

        var result = await cli.RunAsync(TestAnswer(zoneId, name, type), Connection(request.Settings), request.Context.Log, cancellationToken);
        if (!result.Succeeded)
        {
            return ProbeOutcome.Invalid(result.Error!);
        }

        var answer = result.Output.Items("RecordData").Select(r => r.GetString()?.TrimEnd('.') ?? "").Order(StringComparer.Ordinal);
        return ProbeOutcome.Observed(new Dictionary<string, string>
        {
            ["answer"] = string.Join(',', answer),
            ["rcode"] = result.Output.Text("ResponseCode") ?? "",
            ["ttl"] = "",
        });
    }

    public IReadOnlyList<string> PreviewCommands(OperationRequest request)
    {
        var zoneId = request.Settings.GetValueOrDefault(ZoneIdSetting, "<hosted-zone-id>");
        var connection = Connection(request.Settings);
        if (request.Operation == Operations.Dns.HealthCheck.Name)
        {
            return [HealthCheckStatus(request.Inputs.GetValueOrDefault("id", "<id>")).Preview(connection)];
        }

        if (request.Operation == Operations.Dns.Resolve.Name)
        {
            var name = Qualify(request.Inputs.GetValueOrDefault("name", "<name>"), request.Settings.GetValueOrDefault(ZoneSetting));
            return [TestAnswer(zoneId, name, request.Inputs.GetValueOrDefault("type", "A").ToUpperInvariant()).Preview(connection)];
        }

        var change = Change(request, zoneId);
        return change.Command is null
            ? []
            : [change.Command.Preview(connection), WaitInSync("<change id from change-resource-record-sets>").Preview(connection)];
    }

    private static AwsConnection Connection(IReadOnlyDictionary<string, string> settings) => AwsConnection.From(settings, GlobalRegion);

    private static AwsCommand TestAnswer(string zoneId, string name, string type) => AwsCommand.Call(
        "route53", "test-dns-answer",
        AwsArgument.Option("--hosted-zone-id", zoneId),
        AwsArgument.Option("--record-name", name),
        AwsArgument.Option("--record-type", type));

    private static AwsCommand WaitInSync(string changeId) =>
        AwsCommand.Wait("route53", "resource-record-sets-changed", AwsArgument.Option("--id", changeId));

    private static (AwsCommand? Command, string? Name, IReadOnlyList<string>? Values, string? Error) Change(OperationRequest request, string zoneId)
    {
        var inputs = new InputReader(Name, "input", request.Inputs);
        var name = Qualify(inputs.Required("name"), request.Settings.GetValueOrDefault(ZoneSetting));
        var values = inputs.Required("content").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ttl = inputs.Integer("ttl", 60, 0, 604800);
        var routing = ReadRouting(inputs);
        var type = inputs.Optional("type")?.ToUpperInvariant() ?? (routing.AliasZone is null ? InferType(values) : "A");
        if (inputs.Error is { } error)
        {
            return (null, null, null, error);
        }

        if (routing.Error is { } invalid)
        {
            return (null, null, null, invalid);
        }

        if (values.Length == 0)
        {
            return (null, null, null, $"{Name}: input 'content' is empty; expected addresses or one target name");
        }

        if ((type == "CNAME" || routing.AliasZone is not null) && values.Length != 1)
        {
            return (null, null, null, $"{Name}: a {(routing.AliasZone is null ? "CNAME" : "alias")} has one target; got {values.Length} ({string.Join(", ", values)})");
        }

        var batch = JsonSerializer.Serialize(new
        {
            Comment = $"lifeline run {request.Context.RunId} step {request.Context.StepId}",
            Changes = new[]
            {
                new
                {
                    Action = "UPSERT",
                    ResourceRecordSet = RecordSet(name, type, ttl, values, routing),
                },
            },
        }, Readable);
        var command = AwsCommand.Call(
            "route53", "change-resource-record-sets", AwsArgument.Option("--hosted-zone-id", zoneId), AwsArgument.FromFile("--change-batch", batch));
        return (command, name, values, null);
    }

    /// <summary>The runbook points names at load balancers by CNAME and at addresses by A/AAAA; without a type, the values decide.</summary>
    private static string InferType(string[] values) =>
        values.Length > 0 && values.All(v => IPAddress.TryParse(v, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ? "A"
        : values.Length > 0 && values.All(v => IPAddress.TryParse(v, out _)) ? "AAAA"
        : "CNAME";

    private static string Qualify(string name, string? zone)
    {
        if (name.EndsWith('.') || zone is null || name.Equals(zone, StringComparison.OrdinalIgnoreCase) || name.EndsWith("." + zone, StringComparison.OrdinalIgnoreCase))
        {
            return name;
        }

        return $"{name}.{zone.TrimEnd('.')}";
    }
}
