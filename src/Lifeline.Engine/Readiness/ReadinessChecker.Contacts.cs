using System.Text.RegularExpressions;
using Lifeline.Core.Estates;
using Lifeline.Core.Plans;

namespace Lifeline.Engine.Readiness;

public sealed partial class ReadinessChecker
{
    private const string NotificationChannelKind = "notification-channel";

    /// <summary>
    /// Every approver and every escalation level can be reached: each person has a real e-mail address or phone number
    /// (a runbook's "+61-XXX-XXX-XXX" is a placeholder, not a channel), and a notification channel is bound to send through.
    /// </summary>
    private ReadinessItem Contacts(CheckContext context)
    {
        const string name = "Contacts current";
        var estate = context.Estate;
        var people = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        void Need(string contact, string why)
        {
            if (!people.TryGetValue(contact, out var reasons))
            {
                people[contact] = reasons = new SortedSet<string>(StringComparer.Ordinal);
            }

            reasons.Add(why);
        }

        foreach (var plan in context.Loaded.Plans)
        {
            foreach (var step in plan.Steps)
            {
                if (step.Body is ApprovalBody gate)
                {
                    foreach (var approver in gate.Approvers)
                    {
                        Need(approver, $"approver in {plan.Scenario}/{step.Id}");
                    }
                }
            }
        }

        foreach (var level in estate.Escalation)
        {
            foreach (var contact in level.Contacts)
            {
                Need(contact, $"escalation level {level.Level}");
            }
        }

        if (people.Count == 0)
        {
            return Item(ReadinessItemKind.Contacts, name, ReadinessStatus.NotChecked, "no plan names an approver and the estate has no escalation levels");
        }

        var problems = new List<string>();
        var reachable = new List<string>();
        foreach (var (id, reasons) in people)
        {
            var why = string.Join(", ", reasons);
            if (estate.FindContact(id) is not { } contact)
            {
                problems.Add($"{id} ({why}): not a contact of the estate");
            }
            else if (ChannelOf(contact) is { } channel)
            {
                reachable.Add($"{id} by {channel}");
            }
            else
            {
                problems.Add($"{id} ({why}): no working channel: {Describe(contact)}");
            }
        }

        var channels = estate.Resources.Where(r => r.Kind == NotificationChannelKind && r.BindingFor(context.Profile) is not null).Select(r => r.Id).ToList();
        if (channels.Count == 0)
        {
            problems.Add($"no notification-channel resource is bound for {context.Profile}, so nobody can be notified");
        }

        return problems.Count == 0
            ? Item(ReadinessItemKind.Contacts, name, ReadinessStatus.Pass, $"{reachable.Count} contact(s) reachable through {string.Join(", ", channels)}: {string.Join(", ", reachable)}")
            : Item(ReadinessItemKind.Contacts, name, ReadinessStatus.Fail, Join(problems));
    }

    private static string? ChannelOf(Contact contact) =>
        contact.Email is { } email && EmailAddress().IsMatch(email) ? "e-mail" :
        contact.Phone is { } phone && PhoneNumber().IsMatch(phone) ? "phone" :
        null;

    private static string Describe(Contact contact) =>
        (contact.Email, contact.Phone) switch
        {
            (null, null) => "neither e-mail nor phone",
            (var email, var phone) => string.Join(" and ", new[] { email is null ? null : $"e-mail '{email}' is not an address", phone is null ? null : $"phone '{phone}' is not a number" }.Where(s => s is not null)),
        };

    [GeneratedRegex(@"^[^@\s\[\]<>]+@[^@\s\[\]<>]+\.[A-Za-z]{2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailAddress();

    [GeneratedRegex(@"^\+?[0-9][0-9 ()\-]{5,}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneNumber();
}
