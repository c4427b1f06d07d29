namespace Lifeline.Engine.Incidents.Escalation;

/// <summary>
/// When a breach deadline earns a reminder: 7 days before it, 1 day before it, and once it has passed. Only the latest
/// milestone reached is sent: a reminder for an incident discovered 59 days ago says "1 day left", not also "7 days".
/// </summary>
internal static class BreachReminders
{
    private static readonly (string Label, TimeSpan Before)[] Milestones =
    [
        ("7 days left", TimeSpan.FromDays(7)),
        ("1 day left", TimeSpan.FromDays(1)),
        ("overdue", TimeSpan.Zero),
    ];

    /// <summary>The keys of the deadline's milestones reached at <paramref name="now"/>, latest last (empty before the first).</summary>
    public static IReadOnlyList<(string Key, string Label)> Reached(BreachDeadline deadline, DateTimeOffset now) =>
        [.. Milestones
            .Where(m => m.Before == TimeSpan.Zero ? now > deadline.Due : now >= deadline.Due - m.Before)
            .Select(m => (Key(deadline.Rule, m.Label), m.Label))];

    /// <summary>Every milestone key of the rule, earliest first.</summary>
    public static IReadOnlyList<string> Keys(string rule) => [.. Milestones.Select(m => Key(rule, m.Label))];

    private static string Key(string rule, string label) => $"breach reminder {rule} ({label})";
}
