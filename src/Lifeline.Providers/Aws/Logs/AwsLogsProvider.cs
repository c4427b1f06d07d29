using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Aws.Cli;

namespace Lifeline.Providers.Aws.Logs;

/// <summary>
/// Amazon CloudWatch Logs through the AWS CLI: filter-log-events on the resource's log group within a window. The runbooks'
/// <c>logs tail --follow</c> never ends; a step needs an answer, so it searches a window instead. The lines are the step's
/// <c>evidence</c> output.
/// </summary>
internal sealed class AwsLogsProvider(AwsCli cli, TimeProvider time) : IProvider, ICommandPreview, IPreparesAhead
{
    public Task PrepareAsync(CancellationToken cancellationToken) => cli.PrepareAsync(cancellationToken);

    public const string Name = "aws-logs";
    private const string GroupSetting = "log-group";
    private const int LineLimit = 300;
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(15);

    public ProviderDescriptor Descriptor { get; } = new(
        Name,
        "Amazon CloudWatch Logs through the AWS CLI: filter-log-events, as incident evidence.",
        Operations.Log.Capability.Operations,
        [],
        [SettingDescriptor.Required(GroupSetting, "Log group name, e.g. /aws/lambda/medzen-ai-chat-handler."), .. AwsConnection.Settings]);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != Operations.Log.Search.Name)
        {
            return AwsOutcomes.UnknownOperation(Name, request.Operation);
        }

        if (AwsValues.Setting(request.Settings, GroupSetting) is not { } group)
        {
            return OperationOutcome.Failure($"{Name} needs setting '{GroupSetting}'");
        }

        var result = await cli.RunAsync(Filter(group, request.Inputs), AwsConnection.From(request.Settings), request.Context.Log, cancellationToken);
        if (!result.Succeeded)
        {
            return AwsOutcomes.Failed(result);
        }

        var lines = result.Output.Items("events").Select(e =>
        {
            var at = long.TryParse(e.Text("timestamp"), out var ms) ? AwsValues.Iso(DateTimeOffset.FromUnixTimeMilliseconds(ms)) : "?";
            var message = (e.Text("message") ?? "").ReplaceLineEndings(" ").Trim();
            return (At: at, Line: $"{at} {(message.Length > LineLimit ? message[..LineLimit] + "…" : message)}");
        }).OrderBy(l => l.At, StringComparer.Ordinal).ToList();
        var pattern = AwsValues.Setting(request.Inputs, "pattern");
        return OperationOutcome.Success(new Dictionary<string, string>
        {
            ["count"] = AwsValues.Number(lines.Count),
            ["latest_at"] = lines.Count > 0 ? lines[^1].At : "",
            [Operations.EvidenceOutput] = lines.Count == 0
                ? $"no events in {group}{(pattern is null ? "" : $" matching {pattern}")}"
                : $"{lines.Count} event(s) in {group}{(pattern is null ? "" : $" matching {pattern}")}:\n" + string.Join('\n', lines.Select(l => l.Line)),
        });
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeOutcome.Invalid($"{Name} offers no probes"));

    public IReadOnlyList<string> PreviewCommands(OperationRequest request) =>
        [Filter(AwsValues.Setting(request.Settings, GroupSetting) ?? "<log-group>", request.Inputs).Preview(AwsConnection.From(request.Settings))];

    private AwsCommand Filter(string group, IReadOnlyDictionary<string, string> inputs)
    {
        var since = time.GetUtcNow() - AwsValues.Duration(inputs, "within", DefaultWindow);
        List<AwsArgument> arguments =
        [
            AwsArgument.Option("--log-group-name", group),
            AwsArgument.Option("--start-time", AwsValues.Number(since.ToUnixTimeMilliseconds())),
        ];
        if (AwsValues.Setting(inputs, "pattern") is { } pattern)
        {
            arguments.Add(AwsArgument.Option("--filter-pattern", pattern));
        }

        arguments.Add(AwsArgument.Option("--max-items", AwsValues.Number(AwsValues.Whole(inputs, "max", 50))));
        return AwsCommand.Call("logs", "filter-log-events", [.. arguments]);
    }
}
