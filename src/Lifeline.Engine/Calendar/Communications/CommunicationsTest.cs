using System.Globalization;
using Lifeline.Core.Estates;
using Lifeline.Core.Providers;
using Lifeline.Engine.Incidents.Escalation;
using Lifeline.Engine.Steps;

namespace Lifeline.Engine.Calendar.Communications;

/// <summary>
/// The runbook's monthly communications test, run: a test notice to every escalation contact through every notification
/// channel bound in the profile, each recipient with a link of their own to acknowledge it; then, once the estate's
/// window has passed, the count of who acknowledged in time against the estate's threshold.
/// </summary>
public sealed class CommunicationsTest(ProviderRegistry providers, AcknowledgementBook book, TimeProvider time)
{
    /// <summary>The path of the acknowledgement endpoint under the server's address; the token follows it.</summary>
    public const string AcknowledgePath = "api/communications/ack/";

    /// <summary>
    /// Sends the test. Each channel's outcome is recorded per recipient; a channel that fails does not stop the others,
    /// since the test is there to find exactly that.
    /// </summary>
    public async Task<CommunicationsRound> SendAsync(Estate estate, CalendarItem item, string profile, Func<string, string?> environment, Uri server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(estate);
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(server);
        var sentAt = time.GetUtcNow();
        var id = $"comms-{estate.Name}-{item.Id}-{sentAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        var channels = estate.Resources.Where(r => r.Kind == StepRunner.NotificationChannelKind && r.BindingFor(profile) is not null).Select(r => r.Id).ToList();
        var contacts = estate.Escalation.OrderBy(l => l.Level).SelectMany(l => l.Contacts).Distinct(StringComparer.Ordinal).ToList();
        var window = Duration(item.AcknowledgeWithin ?? TimeSpan.Zero);
        var recipients = new List<CommunicationsRecipient>();
        foreach (var contact in contacts)
        {
            var token = await book.IssueAsync(id, contact, cancellationToken);
            var link = new Uri(new Uri(server.AbsoluteUri.TrimEnd('/') + "/"), AcknowledgePath + token);
            var subject = $"[TEST] {estate.Name} communications test: please acknowledge";
            var message = $"This is the {estate.Name} communications test ({item.Description}). It is not an incident.\n"
                + $"Acknowledge within {window} by opening: {link}\n(POST to the link acknowledges it.)";
            var deliveries = new List<NoticeOutcome>();
            foreach (var channel in channels)
            {
                var notifier = new ChannelNotifier(estate, profile, channel, providers, environment);
                deliveries.Add(await notifier.SendAsync(new IncidentNotice(id, NoticeKind.CommunicationsTest, $"communications test {contact}", [contact], subject, message), cancellationToken));
            }

            recipients.Add(new CommunicationsRecipient(contact, AcknowledgementBook.Hash(token), deliveries));
        }

        return new CommunicationsRound(id, estate.Name, item.Id, sentAt, channels, recipients);
    }

    /// <summary>
    /// Counts the acknowledgements that came within the item's window; passed when their share reaches the item's
    /// threshold and every channel delivered. Call once the window has passed; the round's links then stop working.
    /// </summary>
    public async Task<CommunicationsGrade> GradeAsync(CommunicationsRound round, CalendarItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(item);
        var within = item.AcknowledgeWithin ?? TimeSpan.Zero;
        var deadline = round.SentAt + within;
        var seen = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        foreach (var recipient in round.Recipients)
        {
            seen[recipient.TokenHash] = await book.AcknowledgedAtAsync(recipient.TokenHash, cancellationToken);
        }

        var acknowledged = round.Recipients.Where(r => seen[r.TokenHash] is { } at && at <= deadline).ToList();
        var reasons = new List<string>();
        var needed = (int)Math.Ceiling(round.Recipients.Count * item.MinAcknowledgedPercent / 100.0);
        if (round.Recipients.Count == 0)
        {
            reasons.Add("no escalation contact to send the test to");
        }
        else if (acknowledged.Count < needed)
        {
            reasons.Add($"{acknowledged.Count} of {round.Recipients.Count} acknowledged within {Duration(within)}, below the estate's {item.MinAcknowledgedPercent}% ({needed})");
        }

        if (round.Channels.Count == 0)
        {
            reasons.Add("no notification channel is bound");
        }

        foreach (var silent in round.Recipients.Except(acknowledged))
        {
            reasons.Add(seen[silent.TokenHash] is { } late
                ? $"{silent.Contact} acknowledged late, after {Duration(late - round.SentAt)}"
                : $"{silent.Contact} did not acknowledge");
        }

        foreach (var recipient in round.Recipients)
        {
            reasons.AddRange(recipient.Deliveries.Where(d => !d.Delivered).Select(d => $"{d.Via} could not deliver to {recipient.Contact}: {d.Error}"));
        }

        // Silent recipients and failed deliveries are reasons only when they cost the test its threshold or a channel.
        var passed = round.Recipients.Count > 0 && round.Channels.Count > 0 && acknowledged.Count >= needed
            && round.Recipients.All(r => r.Deliveries.All(d => d.Delivered));
        await book.ForgetAsync(round.Id, cancellationToken);
        return new CommunicationsGrade(round.Estate, round.Item, round.Id, round.SentAt, time.GetUtcNow(), acknowledged.Count, round.Recipients.Count, passed, passed ? [] : reasons);
    }

    private static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 && span.Minutes == 0 && span.Seconds == 0 ? $"{(int)span.TotalHours}h"
        : span.TotalMinutes >= 1 && span.Seconds == 0 ? $"{(int)span.TotalMinutes}m"
        : $"{(int)span.TotalSeconds}s";
}
