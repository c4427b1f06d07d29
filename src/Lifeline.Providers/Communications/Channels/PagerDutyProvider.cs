using System.Text.Json.Nodes;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Providers.Communications.Channels;

/// <summary>
/// PagerDuty Events API v2: a <c>trigger</c>, <c>acknowledge</c> or <c>resolve</c> event for the incident whose
/// <c>dedup_key</c> is the <c>dedup-key</c> input or the run id, so one run is one PagerDuty incident.
/// </summary>
internal sealed class PagerDutyProvider : IProvider
{
    public const string DefaultUrl = "https://events.pagerduty.com/v2/enqueue";

    private static readonly string[] Actions = ["trigger", "acknowledge", "resolve"];
    private static readonly string[] Severities = ["critical", "error", "warning", "info"];

    public static readonly ProviderDescriptor Description = new(
        "pagerduty",
        "Pages through PagerDuty's Events API v2 (trigger, acknowledge, resolve).",
        [Operations.Notify.SendEvent],
        [],
        [
            SettingDescriptor.Optional("url", "Events API URL (default PagerDuty's)."),
            SettingDescriptor.Required("routing-key", "The integration's routing key (usually ${{ secrets.X }})."),
        ]);

    public ProviderDescriptor Descriptor => Description;

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (ChannelRequest.Problem("pagerduty", request, Operations.Notify.SendEvent, "routing-key") is { } problem)
            return OperationOutcome.Failure(problem);
        var (url, error) = ChannelRequest.Url("pagerduty", request.Settings, DefaultUrl);
        if (url is null)
            return OperationOutcome.Failure(error!);
        var action = request.Inputs.GetValueOrDefault("event-action") is { Length: > 0 } a ? a : "trigger";
        if (!Actions.Contains(action))
            return OperationOutcome.Failure($"pagerduty: event-action '{action}' is not one of {string.Join(", ", Actions)}.");
        var severity = request.Inputs.GetValueOrDefault("severity") is { Length: > 0 } s ? s : "critical";
        if (!Severities.Contains(severity))
            return OperationOutcome.Failure($"pagerduty: severity '{severity}' is not one of {string.Join(", ", Severities)}.");
        var dedupKey = request.Inputs.GetValueOrDefault("dedup-key") is { Length: > 0 } k ? k : request.Context.RunId;

        var body = new JsonObject
        {
            ["routing_key"] = request.Settings["routing-key"],
            ["event_action"] = action,
            ["dedup_key"] = dedupKey,
        };
        if (action == "trigger")
        {
            body["payload"] = new JsonObject
            {
                ["summary"] = JsonPost.OneLine(request.Inputs["subject"], 1024),
                ["source"] = "lifeline",
                ["severity"] = severity,
                ["custom_details"] = new JsonObject
                {
                    ["message"] = request.Inputs["message"],
                    ["to"] = request.Inputs["to"],
                    ["run_id"] = request.Context.RunId,
                    ["step_id"] = request.Context.StepId,
                },
            };
        }

        var outcome = await JsonPost.SendAsync("pagerduty", url, body.ToJsonString(), cancellationToken);
        if (!outcome.Succeeded)
            return outcome;
        request.Context.Log.Write($"pagerduty {action} {dedupKey}: {request.Inputs["subject"]}");
        return OperationOutcome.Success(new Dictionary<string, string>(outcome.Outputs) { ["dedup_key"] = dedupKey, ["event_action"] = action });
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeOutcome.Invalid($"pagerduty has no probes (asked for '{request.Probe}')."));
}
