using Lifeline.Core.Diagnostics;
using Lifeline.Core.Estates;
using Lifeline.Providers.Communications.Escalation;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Providers.Tests.Communications.Escalation;

public sealed class EscalationTrackerTests
{
    private static readonly EscalationPolicy Policy = new(
    [
        new EscalationLevel(2, ["dba", "devops-lead"], TimeSpan.FromMinutes(15), SourceLocation.None),
        new EscalationLevel(1, ["on-call"], TimeSpan.Zero, SourceLocation.None),
        new EscalationLevel(3, ["cto"], TimeSpan.FromMinutes(60), SourceLocation.None),
    ]);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Due_P2WithoutAcknowledgement_PagesLevelTwoAfterItsDelayAndNotBefore()
    {
        // Given a P2 incident just opened
        var tracker = new EscalationTracker(Policy, _time);
        tracker.Open("inc-1", IncidentSeverity.P2);
        Assert.Equal([1], tracker.Due("inc-1").Select(l => l.Level));

        // When 14:59 passes, level 2 is not yet due
        _time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        Assert.Equal([1], tracker.Due("inc-1").Select(l => l.Level));
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(1), tracker.NextDueAt("inc-1"));

        // Then at 15:00 it is
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([1, 2], tracker.Due("inc-1").Select(l => l.Level));
    }

    [Fact]
    public void Due_P1_PagesTheCtoAtOnce()
    {
        var tracker = new EscalationTracker(Policy, _time);

        tracker.Open("inc-1", IncidentSeverity.P1);

        Assert.Equal([1, 3], tracker.Due("inc-1").Select(l => l.Level));
        Assert.Contains("cto", tracker.Due("inc-1")[^1].Contacts);
    }

    [Fact]
    public void Acknowledge_BeforeLevelTwoIsDue_StopsEscalation()
    {
        var tracker = new EscalationTracker(Policy, _time);
        tracker.Open("inc-1", IncidentSeverity.P2);
        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.True(tracker.Acknowledge("inc-1", "on-call"));
        _time.Advance(TimeSpan.FromHours(2));

        Assert.Equal([1], tracker.Due("inc-1").Select(l => l.Level));
        Assert.Null(tracker.NextDueAt("inc-1"));
        Assert.Equal("on-call", tracker.Find("inc-1")!.AcknowledgedBy);
    }

    [Fact]
    public void TakeNewlyDue_OnATimer_ReturnsEachLevelOnce()
    {
        var tracker = new EscalationTracker(Policy, _time);
        tracker.Open("inc-1", IncidentSeverity.P3);

        Assert.Equal([1], tracker.TakeNewlyDue("inc-1").Select(l => l.Level));
        Assert.Empty(tracker.TakeNewlyDue("inc-1"));
        _time.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal([2, 3], tracker.TakeNewlyDue("inc-1").Select(l => l.Level));
        Assert.Equal([1, 2, 3], tracker.Find("inc-1")!.PagedLevels);
    }

    [Fact]
    public void Due_UnknownIncident_IsEmpty()
    {
        var tracker = new EscalationTracker(Policy, _time);

        Assert.Empty(tracker.Due("nope"));
        Assert.False(tracker.Acknowledge("nope", "x"));
    }
}
