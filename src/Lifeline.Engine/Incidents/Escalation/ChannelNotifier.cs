using Lifeline.Core.Estates;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Scheduling;
using Lifeline.Engine.Secrets;
using Lifeline.Engine.Steps;

namespace Lifeline.Engine.Incidents.Escalation;

/// <summary>
/// Sends notices the way notify steps do: <c>notify.send</c> (<c>to</c> = contact ids, <c>subject</c>, <c>message</c>)
/// through a notification-channel resource bound in <paramref name="profile"/>, and also through any
/// <paramref name="extra"/> channels, whose failures do not fail the notice.
/// </summary>
public sealed class ChannelNotifier(
    Estate estate, string profile, string channel, ProviderRegistry providers, Func<string, string?> environment, IReadOnlyList<ChannelOverride>? extra = null) : IIncidentNotifier
{
    /// <summary>The estate's first notification channel bound in <paramref name="profile"/>, as notify steps choose it; null when none.</summary>
    public static string? DefaultChannel(Estate estate, string profile)
    {
        ArgumentNullException.ThrowIfNull(estate);
        return estate.Resources.FirstOrDefault(r => r.Kind == StepRunner.NotificationChannelKind && r.BindingFor(profile) is not null)?.Id;
    }

    public async Task<NoticeOutcome> SendAsync(IncidentNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var redactor = new Redactor();
        var context = new EstateExpressionContext(estate, profile, new SecretResolver(estate, redactor, environment));
        var log = new NoticeLog(redactor);
        var request = new StepContext(notice.IncidentId, "escalation", 1, 0, RunMode.Live, log);
        var message = new Dictionary<string, string>
        {
            ["to"] = string.Join(",", notice.To),
            ["subject"] = notice.Subject,
            ["message"] = notice.Message,
        };

        var also = new List<NoticeOutcome>();
        foreach (var extraChannel in extra ?? [])
        {
            also.Add(await SendAsync(extraChannel.Provider, extraChannel.Provider, providers, new OperationRequest(Operations.Notify.Send.Name, null, extraChannel.Settings, message, request), redactor, cancellationToken));
        }

        var binding = estate.FindResource(channel)?.BindingFor(profile);
        if (binding is null)
        {
            return NoticeOutcome.Failed(channel, $"notification channel '{channel}' has no binding for profile '{profile}'") with { Also = also };
        }

        var settings = ResolvedInputs.Resolve(binding.Settings, context);
        if (!settings.Ok)
        {
            return NoticeOutcome.Failed(channel, $"settings of '{channel}' could not be resolved: {string.Join("; ", settings.Errors)}") with { Also = also };
        }

        var outcome = await SendAsync(channel, binding.Provider, providers, new OperationRequest(Operations.Notify.Send.Name, channel, settings.Values, message, request), redactor, cancellationToken);
        return outcome with { Also = also };
    }

    /// <summary>One channel, one attempt. Whatever the provider does, even throw, comes back as a value.</summary>
    private static async Task<NoticeOutcome> SendAsync(string via, string providerName, ProviderRegistry providers, OperationRequest request, Redactor redactor, CancellationToken cancellationToken)
    {
        if (providers.Implementation(providerName) is not { } provider)
        {
            return NoticeOutcome.Failed(via, $"provider '{providerName}' of channel '{via}' cannot send in this build");
        }

        try
        {
            var outcome = await provider.ExecuteAsync(request, cancellationToken);
            return outcome.Succeeded ? NoticeOutcome.Sent(via) : NoticeOutcome.Failed(via, redactor.Redact(outcome.Error ?? "notification failed"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A provider bug fails this notice (tried again next tick), not the ticker.
            return NoticeOutcome.Failed(via, redactor.Redact($"{providerName} failed unexpectedly: {ex.GetType().Name}: {ex.Message}"));
        }
    }
}
