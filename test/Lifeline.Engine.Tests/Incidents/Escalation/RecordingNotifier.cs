using Lifeline.Engine.Incidents.Escalation;

namespace Lifeline.Engine.Tests.Incidents.Escalation;

/// <summary>Records every notice it is given; fails them all while <see cref="Failing"/>.</summary>
internal sealed class RecordingNotifier : IIncidentNotifier
{
    public List<IncidentNotice> Sent { get; } = [];

    public bool Failing { get; set; }

    public Task<NoticeOutcome> SendAsync(IncidentNotice notice, CancellationToken cancellationToken)
    {
        if (Failing)
        {
            return Task.FromResult(NoticeOutcome.Failed("test", "pager unreachable"));
        }

        Sent.Add(notice);
        return Task.FromResult(NoticeOutcome.Sent("test"));
    }
}
