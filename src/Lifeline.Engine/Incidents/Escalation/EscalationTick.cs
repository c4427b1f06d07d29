namespace Lifeline.Engine.Incidents.Escalation;

/// <summary>One evaluation of due pages and reminders at <see cref="At"/>: how many incidents were looked at and each notice sent or failed.</summary>
public sealed record EscalationTick(DateTimeOffset At, int IncidentsChecked, IReadOnlyList<NoticeResult> Notices)
{
    public bool Ok => Notices.All(n => n.Delivered);
}
