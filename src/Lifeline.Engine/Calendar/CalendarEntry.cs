using Lifeline.Engine.Calendar.Communications;

namespace Lifeline.Engine.Calendar;

/// <summary>
/// Where one calendar item stands: when it last fell due, when it falls due next, its last drill grade (drills), the
/// game day waiting for an approval, and its open or last task (tasks).
/// </summary>
public sealed record CalendarEntry(string Estate, string Item, string Kind, string Owner, string Cadence, DateTimeOffset? LastDue, DateTimeOffset? NextDue)
{
    public DrillGrade? LastDrill { get; init; }

    public DateTimeOffset? AwaitingApprovalSince { get; init; }

    public CalendarTask? Task { get; init; }

    /// <summary>A communications test sent and waiting for its acknowledgements (communications tests).</summary>
    public CommunicationsRound? PendingCommunications { get; init; }

    /// <summary>The last communications test graded: "N of M acknowledged" and its verdict.</summary>
    public CommunicationsGrade? LastCommunications { get; init; }
}
