namespace Lifeline.Engine.Incidents.Reviews;

/// <summary>
/// The Axis Imaging post-recovery checklist as tasks, timed like MedZen's review cadence: what establishes the facts is
/// due within 24 hours of resolution, what changes the system within a week.
/// </summary>
public static class FollowUpTasks
{
    private static readonly (string Task, bool WithinADay)[] Checklist =
    [
        ("Complete the disaster recovery timeline", true),
        ("Identify and document the root cause", true),
        ("Quantify the impact: users affected, data lost", true),
        ("Conduct the blameless post-incident review", false),
        ("Document lessons learned", false),
        ("Update recovery procedures and runbooks", false),
        ("Update contact information", false),
        ("Schedule DR drill improvements", false),
        ("Update backup and replication procedures", false),
        ("Review and update RTOs and RPOs", false),
    ];

    public static IReadOnlyList<FollowUpTask> For(Incident incident, DateTimeOffset now)
    {
        var from = incident.ResolvedAt ?? now;
        return [.. Checklist.Select(item => new FollowUpTask(item.Task, incident.Commander, from + (item.WithinADay ? TimeSpan.FromHours(24) : TimeSpan.FromDays(7))))];
    }
}
