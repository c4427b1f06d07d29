namespace Lifeline.Engine.Incidents;

/// <summary>
/// Deadlines that start when a possible breach of protected health information is discovered: HIPAA's notification
/// within 60 days (45 CFR 164.404), and Australia's Notifiable Data Breaches scheme's 30-day assessment.
/// </summary>
public static class BreachClock
{
    private static readonly TimeSpan DueSoon = TimeSpan.FromDays(7);

    private static readonly (string Rule, string Obligation, TimeSpan Within)[] Rules =
    [
        ("HIPAA", "notify affected individuals (and HHS) without unreasonable delay", TimeSpan.FromDays(60)),
        ("NDB (Australia)", "complete the assessment of whether the breach is eligible", TimeSpan.FromDays(30)),
    ];

    public static IReadOnlyList<BreachDeadline> Deadlines(DateTimeOffset discovered, DateTimeOffset now) =>
        [.. Rules.Select(rule =>
        {
            var due = discovered + rule.Within;
            var status = now > due ? "overdue" : due - now <= DueSoon ? "due soon" : "open";
            return new BreachDeadline(rule.Rule, rule.Obligation, due, status);
        })];
}
