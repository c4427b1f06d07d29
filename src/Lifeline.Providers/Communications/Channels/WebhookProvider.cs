using System.Text.Json.Nodes;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Providers.Communications.Channels;

/// <summary>A generic webhook: posts <c>{subject, message, to, run_id, step_id}</c> as JSON to the <c>url</c> setting.</summary>
internal sealed class WebhookProvider : IProvider
{
    public static readonly ProviderDescriptor Description = new(
        "webhook",
        "Notifications as a JSON POST of {subject, message, to, run_id, step_id} to a URL.",
        Operations.Notify.Capability.Operations,
        [],
        [SettingDescriptor.Required("url", "Where to POST.")]);

    public ProviderDescriptor Descriptor => Description;

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (ChannelRequest.Problem("webhook", request, Operations.Notify.Send) is { } problem)
            return OperationOutcome.Failure(problem);
        var (url, error) = ChannelRequest.Url("webhook", request.Settings);
        if (url is null)
            return OperationOutcome.Failure(error!);

        var body = new JsonObject
        {
            ["subject"] = request.Inputs["subject"],
            ["message"] = request.Inputs["message"],
            ["to"] = request.Inputs["to"],
            ["run_id"] = request.Context.RunId,
            ["step_id"] = request.Context.StepId,
        };
        var outcome = await JsonPost.SendAsync("webhook", url, body.ToJsonString(), cancellationToken);
        if (outcome.Succeeded)
            request.Context.Log.Write($"posted to {url.GetLeftPart(UriPartial.Authority)}: {request.Inputs["subject"]}");
        return outcome;
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeOutcome.Invalid($"webhook has no probes (asked for '{request.Probe}')."));
}
