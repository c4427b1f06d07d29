using Lifeline.Core.Providers;
using Lifeline.Providers.Aws.Cli;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Providers.Aws.Sns;

/// <summary>Amazon SNS through the AWS CLI: notify steps publish to the channel's topic; the message body goes as a file.</summary>
internal sealed class AwsSnsProvider(AwsCli cli) : IProvider, ICommandPreview, IPreparesAhead
{
    public Task PrepareAsync(CancellationToken cancellationToken) => cli.PrepareAsync(cancellationToken);

    public const string Name = "aws-sns";
    private const string TopicSetting = "topic-arn";

    // SNS refuses subjects over 100 characters or with line breaks, or that are not ASCII.
    private const int SubjectLimit = 100;

    public ProviderDescriptor Descriptor { get; } = new(
        Name,
        "Amazon SNS through the AWS CLI: publish to a topic.",
        Operations.Notify.Capability.Operations,
        [],
        [Core.Providers.SettingDescriptor.Required(TopicSetting, "SNS topic ARN."), .. AwsConnection.Settings]);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != Operations.Notify.Send.Name)
        {
            return AwsOutcomes.UnknownOperation(Name, request.Operation);
        }

        if (!request.Settings.TryGetValue(TopicSetting, out var topic) || string.IsNullOrWhiteSpace(topic))
        {
            return OperationOutcome.Failure($"{Name} needs setting '{TopicSetting}'");
        }

        var result = await cli.RunAsync(Publish(topic, request.Inputs), AwsConnection.From(request.Settings), request.Context.Log, cancellationToken);
        return result.Succeeded
            ? OperationOutcome.Success(new Dictionary<string, string> { ["delivered"] = "true", ["message_id"] = result.Output.Text("MessageId") ?? "" })
            : AwsOutcomes.Failed(result);
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeOutcome.Invalid($"{Name} offers no probes"));

    public IReadOnlyList<string> PreviewCommands(OperationRequest request)
    {
        // A templated notification is rendered only when it is sent; the preview names the part it cannot show yet.
        var inputs = new Dictionary<string, string>(request.Inputs, StringComparer.Ordinal);
        if (string.IsNullOrEmpty(inputs.GetValueOrDefault("message")))
        {
            inputs["message"] = "<message rendered at send time>";
        }

        return [Publish(request.Settings.GetValueOrDefault(TopicSetting, "<topic-arn>"), inputs).Preview(AwsConnection.From(request.Settings))];
    }

    private static AwsCommand Publish(string topic, IReadOnlyDictionary<string, string> inputs)
    {
        var subject = inputs.GetValueOrDefault("subject", "").ReplaceLineEndings(" ").Trim();
        if (subject.Length > SubjectLimit)
        {
            subject = subject[..(SubjectLimit - 3)] + "...";
        }

        List<AwsArgument> arguments = [AwsArgument.Option("--topic-arn", topic)];
        if (subject.Length > 0)
        {
            arguments.Add(AwsArgument.Option("--subject", subject));
        }

        arguments.Add(AwsArgument.FromFile("--message", inputs.GetValueOrDefault("message", "")));
        return AwsCommand.Call("sns", "publish", [.. arguments]);
    }
}
