using System.Text.Json.Nodes;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Providers.Communications.Channels;

/// <summary>A Slack incoming webhook: posts <c>{"text": "*subject*\nmessage"}</c> to the <c>url</c> setting.</summary>
internal sealed class SlackWebhookProvider : IProvider
{
    public static readonly ProviderDescriptor Description = new(
        "slack-webhook",
        "Notifications to a Slack channel through an incoming webhook URL.",
        Operations.Notify.Capability.Operations,
        [],
        [SettingDescriptor.Required("url", "The incoming webhook URL (usually ${{ secrets.X }}).")]);

    public ProviderDescriptor Descriptor => Description;

    /// <summary>The Slack message text: the subject in bold, then the body.</summary>
    public static string Text(string subject, string message) =>
        string.IsNullOrWhiteSpace(subject) ? message : $"*{subject}*\n{message}";

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (ChannelRequest.Problem("slack-webhook", request, Operations.Notify.Send) is { } problem)
            return OperationOutcome.Failure(problem);
        var (url, error) = ChannelRequest.Url("slack-webhook", request.Settings);
        if (url is null)
            return OperationOutcome.Failure(error!);

        var body = new JsonObject { ["text"] = Text(request.Inputs["subject"], request.Inputs["message"]) };
        var outcome = await JsonPost.SendAsync("slack-webhook", url, body.ToJsonString(), cancellationToken);
        if (outcome.Succeeded)
            request.Context.Log.Write($"posted to slack: {request.Inputs["subject"]}");
        return outcome;
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeOutcome.Invalid($"slack-webhook has no probes (asked for '{request.Probe}')."));
}
