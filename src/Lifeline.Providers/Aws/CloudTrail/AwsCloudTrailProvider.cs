using System.Text.Json;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Aws.Cli;

namespace Lifeline.Providers.Aws.CloudTrail;

/// <summary>
/// AWS CloudTrail through the AWS CLI: lookup-events by one attribute within a window. The summary is the step's
/// <c>evidence</c> output, which the engine puts on the run's timeline and so on its incident's.
/// </summary>
internal sealed class AwsCloudTrailProvider(AwsCli cli, TimeProvider time) : IProvider, ICommandPreview, IPreparesAhead
{
    public Task PrepareAsync(CancellationToken cancellationToken) => cli.PrepareAsync(cancellationToken);

    public const string Name = "aws-cloudtrail";
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);
    private static readonly HashSet<string> Attributes = new(StringComparer.Ordinal)
    {
        "EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName", "EventSource", "AccessKeyId",
    };

    public ProviderDescriptor Descriptor { get; } = new(
        Name,
        "AWS CloudTrail through the AWS CLI: lookup-events, as incident evidence.",
        Operations.AuditLog.Capability.Operations,
        [],
        [.. AwsConnection.Settings]);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != Operations.AuditLog.Lookup.Name)
        {
            return AwsOutcomes.UnknownOperation(Name, request.Operation);
        }

        if (AwsValues.Setting(request.Inputs, "attribute") is not { } attribute || !Attributes.Contains(attribute))
        {
            return OperationOutcome.Failure($"{Name}: input 'attribute' must be one of {string.Join(", ", Attributes.Order(StringComparer.Ordinal))}");
        }

        if (AwsValues.Setting(request.Inputs, "value") is not { } value)
        {
            return OperationOutcome.Failure($"{Name}: {request.Operation} needs input 'value'");
        }

        var result = await cli.RunAsync(Lookup(attribute, value, request.Inputs), AwsConnection.From(request.Settings), request.Context.Log, cancellationToken);
        if (!result.Succeeded)
        {
            return AwsOutcomes.Failed(result);
        }

        var events = result.Output.Items("Events").Select(Describe).OrderByDescending(e => e.At).ToList();
        return OperationOutcome.Success(new Dictionary<string, string>
        {
            ["count"] = AwsValues.Number(events.Count),
            ["latest_at"] = events.Count > 0 && events[0].At is { } latest ? AwsValues.Iso(latest) : "",
            ["event_names"] = string.Join(',', events.Select(e => e.Name).Distinct(StringComparer.Ordinal)),
            [Operations.EvidenceOutput] = events.Count == 0
                ? $"no CloudTrail events with {attribute}={value}"
                : $"{events.Count} CloudTrail event(s) with {attribute}={value}:\n" + string.Join('\n', events.Select(e => e.Line)),
        });
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeOutcome.Invalid($"{Name} offers no probes"));

    public IReadOnlyList<string> PreviewCommands(OperationRequest request) =>
        [Lookup(request.Inputs.GetValueOrDefault("attribute", "<attribute>"), request.Inputs.GetValueOrDefault("value", "<value>"), request.Inputs).Preview(AwsConnection.From(request.Settings))];

    private AwsCommand Lookup(string attribute, string value, IReadOnlyDictionary<string, string> inputs) => AwsCommand.Call(
        "cloudtrail", "lookup-events",
        // JSON rather than the shorthand: a value with a comma or an equals sign stays one value.
        AwsArgument.Option("--lookup-attributes", AwsValues.Json(new[] { new { AttributeKey = attribute, AttributeValue = value } })),
        AwsArgument.Option("--start-time", AwsValues.Iso(time.GetUtcNow() - AwsValues.Duration(inputs, "within", DefaultWindow))),
        AwsArgument.Option("--max-items", AwsValues.Number(AwsValues.Whole(inputs, "max", 50))));

    private static (DateTimeOffset? At, string Name, string Line) Describe(JsonElement e)
    {
        var at = AwsValues.Time(e, "EventTime");
        var name = e.Text("EventName") ?? "?";
        string? address = null;
        if (e.Text("CloudTrailEvent") is { } raw)
        {
            try
            {
                using var document = JsonDocument.Parse(raw);
                address = document.RootElement.Text("sourceIPAddress");
            }
            catch (JsonException)
            {
                // A record CloudTrail could not serialise is still an event; it only lacks its address.
            }
        }

        var line = $"{(at is { } t ? AwsValues.Iso(t) : "?")} {name} by {e.Text("Username") ?? "?"}{(address is null ? "" : $" from {address}")} ({e.Text("EventSource") ?? "?"})";
        return (at, name, line);
    }
}
