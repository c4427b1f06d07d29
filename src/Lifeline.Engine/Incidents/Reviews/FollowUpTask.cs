namespace Lifeline.Engine.Incidents.Reviews;

/// <summary>A follow-up from the runbooks' post-recovery checklists, with its due date.</summary>
public sealed record FollowUpTask(string Task, string Owner, DateTimeOffset Due);
