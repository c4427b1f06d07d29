using Lifeline.Core.Estates;
using Lifeline.Engine.Incidents.Escalation;

namespace Lifeline.Engine.Readiness;

/// <summary>
/// Sends a readiness change to the estate's first escalation level through a notifier (the estate's notification
/// channel). A recovery is told as well as a failure, so nobody keeps chasing an item that is green again. Not-checked
/// transitions are not news: they are gaps in what the estate can show, reported by the checklist itself.
/// </summary>
public sealed class ReadinessNotifier(Estate estate, IIncidentNotifier notifier) : IReadinessObserver
{
    public NoticeOutcome? LastOutcome { get; private set; }

    public async Task OnChangedAsync(ReadinessChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.To == ReadinessStatus.NotChecked || (change.From is null or ReadinessStatus.NotChecked && change.To == ReadinessStatus.Pass))
        {
            return;
        }

        var to = estate.Escalation.OrderBy(l => l.Level).FirstOrDefault()?.Contacts ?? [];
        var key = $"readiness:{change.Kind}:{change.At.ToUnixTimeMilliseconds()}";
        var message = $"{change.Summary} at {change.At:u}.\n{change.Evidence}";
        LastOutcome = await notifier.SendAsync(new IncidentNotice($"readiness-{change.Estate}", NoticeKind.ReadinessChanged, key, to, change.Summary, message), cancellationToken);
    }
}
