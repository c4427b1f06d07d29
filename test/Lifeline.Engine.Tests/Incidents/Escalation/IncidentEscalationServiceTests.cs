using System.Text.Json;
using Lifeline.Core.Diagnostics;
using Lifeline.Core.Estates;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Incidents;
using Lifeline.Engine.Incidents.Escalation;
using Lifeline.Engine.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Engine.Tests.Incidents.Escalation;

/// <summary>
/// Escalation over real incidents in a real SQLite file, on fake time: the Axis estate's levels (on-call at once,
/// devops-manager after 15m, CTO after 30m).
/// </summary>
public sealed class IncidentEscalationServiceTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    private static readonly Estate Axis = new(
        "axis", "", ["test"], [], [], Objectives.None,
        [
            new Contact("on-call", "Primary On-Call", "On-call engineer", null, null, SourceLocation.None),
            new Contact("devops-manager", "DevOps Manager", "Owns the runbook", null, null, SourceLocation.None),
            new Contact("cto", "CTO", "Executive", null, null, SourceLocation.None),
            new Contact("compliance-officer", "Compliance Officer", "Australian healthcare compliance", null, null, SourceLocation.None),
        ],
        [
            new EscalationLevel(1, ["on-call"], TimeSpan.Zero, SourceLocation.None),
            new EscalationLevel(2, ["devops-manager"], TimeSpan.FromMinutes(15), SourceLocation.None),
            new EscalationLevel(3, ["cto"], TimeSpan.FromMinutes(30), SourceLocation.None, Executive: true),
            new EscalationLevel(4, ["compliance-officer"], TimeSpan.FromMinutes(60), SourceLocation.None),
        ],
        [], SourceLocation.None);

    [Fact]
    public async Task TickAsync_NoAcknowledgement_PagesLevelTwoAfterItsDelayAndNotBefore()
    {
        // Given a P2 incident nobody acknowledges
        var time = new FakeTimeProvider(Start);
        await using var harness = await EngineHarness.CreateAsync(time);
        var (service, incidents, notifier) = await ServicesAsync(harness, time);
        var (incident, _) = await incidents.OpenAsync("Primary down", "P2", null, "ops", null, false, null, CancellationToken.None);

        // When ticks run at open and just before 15 minutes
        await service.TickAsync(time.GetUtcNow(), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        await service.TickAsync(time.GetUtcNow(), CancellationToken.None);

        // Then only level 1 has been paged
        Assert.Equal(["paged level 1"], notifier.Sent.Select(n => n.Key));

        // When the 15 minutes have passed
        time.Advance(TimeSpan.FromSeconds(1));
        var tick = await service.TickAsync(time.GetUtcNow(), CancellationToken.None);

        // Then level 2 is paged, once, and the timeline says so
        Assert.Equal(["paged level 2"], tick.Notices.Select(n => n.Key));
        Assert.Equal(["devops-manager"], notifier.Sent[^1].To);
        Assert.Contains("lifeline incident ack " + incident!.Id, notifier.Sent[^1].Message, StringComparison.Ordinal);
        var view = await incidents.ViewAsync(incident.Id, CancellationToken.None);
        Assert.Contains(view!.Timeline, t => t.Kind == nameof(IncidentEntryKind.Paged) && t.Text == "paged level 2: devops-manager (DevOps Manager) via test");
        Assert.Empty((await service.TickAsync(time.GetUtcNow(), CancellationToken.None)).Notices);
    }

    [Fact]
    public async Task TickAsync_Acknowledged_StopsEscalating()
    {
        // Given a P2 incident acknowledged after level 1 was paged
        var time = new FakeTimeProvider(Start);
        await using var harness = await EngineHarness.CreateAsync(time);
        var (service, incidents, notifier) = await ServicesAsync(harness, time);
        var (incident, _) = await incidents.OpenAsync("Primary down", "P2", null, "ops", null, false, null, CancellationToken.None);
        await service.TickAsync(time.GetUtcNow(), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));
        var (ack, error) = await incidents.AcknowledgeAsync(incident!.Id, "dana", CancellationToken.None);
        Assert.Null(error);

        // When an hour passes with ticks
        time.Advance(TimeSpan.FromHours(1));
        var tick = await service.TickAsync(time.GetUtcNow(), CancellationToken.None);

        // Then nothing more is paged
        Assert.Empty(tick.Notices);
        Assert.Equal(["paged level 1"], notifier.Sent.Select(n => n.Key));
        Assert.False(ack!.AlreadyAcknowledged);
    }

    [Fact]
    public async Task TickAsync_P1_PagesTheExecutiveLevelAtOnceNotTheLastListed()
    {
        var time = new FakeTimeProvider(Start);
        await using var harness = await EngineHarness.CreateAsync(time);
        var (service, incidents, notifier) = await ServicesAsync(harness, time);
        await incidents.OpenAsync("Complete outage", "P1", null, "ops", null, false, null, CancellationToken.None);

        var tick = await service.TickAsync(time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(["paged level 1", "paged level 3"], tick.Notices.Select(n => n.Key));
        Assert.Equal(["cto"], notifier.Sent.Single(n => n.Key == "paged level 3").To);
        Assert.Contains("P1: the executive level is paged at once", notifier.Sent[^1].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(notifier.Sent, n => n.To.Contains("compliance-officer"));
    }

    [Fact]
    public async Task TickAsync_NewServiceOverTheSameFile_DoesNotPageAgain()
    {
        // Given levels 1 and 2 paged to a log file by one service
        var time = new FakeTimeProvider(Start);
        await using var harness = await EngineHarness.CreateAsync(time);
        var log = harness.PathOf("pages.log");
        var (first, incidents, _) = await ServicesAsync(harness, time, new LogFileNotifier(log, time));
        await incidents.OpenAsync("Primary down", "P3", null, "ops", null, false, null, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(20));
        await first.TickAsync(time.GetUtcNow(), CancellationToken.None);

        // When the process restarts: a new store and service over the same file tick again
        var (second, _, _) = await ServicesAsync(harness, time, new LogFileNotifier(log, time));
        var tick = await second.TickAsync(time.GetUtcNow(), CancellationToken.None);

        // Then nothing is paged twice
        Assert.Empty(tick.Notices);
        var lines = await File.ReadAllLinesAsync(log);
        Assert.Equal(["paged level 1", "paged level 2"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task TickAsync_NotifierFails_RecordsNothingAndRetriesNextTick()
    {
        var time = new FakeTimeProvider(Start);
        await using var harness = await EngineHarness.CreateAsync(time);
        var (service, incidents, notifier) = await ServicesAsync(harness, time);
        var (incident, _) = await incidents.OpenAsync("Primary down", "P3", null, "ops", null, false, null, CancellationToken.None);
        notifier.Failing = true;

        var failed = await service.TickAsync(time.GetUtcNow(), CancellationToken.None);
        notifier.Failing = false;
        var retried = await service.TickAsync(time.GetUtcNow(), CancellationToken.None);

        Assert.False(failed.Ok);
        Assert.Equal("pager unreachable", failed.Notices.Single().Error);
        Assert.True(retried.Ok);
        Assert.Equal(["paged level 1"], retried.Notices.Select(n => n.Key));
        var view = await incidents.ViewAsync(incident!.Id, CancellationToken.None);
        Assert.Single(view!.Timeline, t => t.Kind == nameof(IncidentEntryKind.Paged));
    }

    [Fact]
    public async Task TickAsync_Resolved_PagesNothing()
    {
        var time = new FakeTimeProvider(Start);
        await using var harness = await EngineHarness.CreateAsync(time);
        var (service, incidents, notifier) = await ServicesAsync(harness, time);
        var (incident, _) = await incidents.OpenAsync("Blip", "P4", null, "ops", null, false, null, CancellationToken.None);
        await incidents.SetStatusAsync(incident!.Id, IncidentStatus.Resolved, "ops", CancellationToken.None);

        await service.TickAsync(time.GetUtcNow(), CancellationToken.None);

        Assert.Empty(notifier.Sent);
    }

    [Fact]
    public async Task TickAsync_PossibleBreach_RemindsSevenDaysAndOneDayBeforeAndWhenOverdue_OnceEach()
    {
        // Given an acknowledged incident flagged as a possible PHI breach (NDB 30 days, HIPAA 60 days)
        var time = new FakeTimeProvider(Start);
        await using var harness = await EngineHarness.CreateAsync(time);
        var (service, incidents, notifier) = await ServicesAsync(harness, time);
        var (incident, _) = await incidents.OpenAsync("Records exposed", "P2", null, "ops", null, true, null, CancellationToken.None);
        await incidents.AcknowledgeAsync(incident!.Id, "dana", CancellationToken.None);

        // When ticks run hourly for 62 days
        for (var hour = 0; hour <= 62 * 24; hour++)
        {
            await service.TickAsync(time.GetUtcNow(), CancellationToken.None);
            time.Advance(TimeSpan.FromHours(1));
        }

        // Then each deadline got its three reminders, once each, in order, to the compliance officer
        var reminders = notifier.Sent.Where(n => n.Kind == NoticeKind.BreachReminder).ToList();
        Assert.Equal(
            [
                "breach reminder NDB (Australia) (7 days left)", "breach reminder NDB (Australia) (1 day left)", "breach reminder NDB (Australia) (overdue)",
                "breach reminder HIPAA (7 days left)", "breach reminder HIPAA (1 day left)", "breach reminder HIPAA (overdue)",
            ],
            reminders.Select(n => n.Key));
        Assert.All(reminders, r => Assert.Equal(["compliance-officer"], r.To));
        var view = await incidents.ViewAsync(incident.Id, CancellationToken.None);
        var recorded = view!.Timeline.Where(t => t.Kind == nameof(IncidentEntryKind.BreachReminder)).ToList();
        Assert.Equal(6, recorded.Count);
        Assert.Equal(Start.AddDays(53), recorded.Single(t => t.Text.StartsWith("breach reminder HIPAA (7 days left)", StringComparison.Ordinal)).At);

        // And the deadlines' status in the view is unchanged
        Assert.All(view.BreachDeadlines, d => Assert.Equal("overdue", d.Status));
    }

    [Fact]
    public async Task TickAsync_BreachFoundLate_SendsOnlyTheLatestMilestone()
    {
        // Given a possible breach discovered 59 days ago (NDB overdue, HIPAA a day away)
        var time = new FakeTimeProvider(Start.AddDays(59));
        await using var harness = await EngineHarness.CreateAsync(time);
        var (service, incidents, notifier) = await ServicesAsync(harness, time);
        var (incident, _) = await incidents.OpenAsync("Records exposed", "P3", null, "ops", null, true, Start, CancellationToken.None);
        await incidents.AcknowledgeAsync(incident!.Id, "dana", CancellationToken.None);

        await service.TickAsync(time.GetUtcNow(), CancellationToken.None);
        await service.TickAsync(time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(["breach reminder HIPAA (1 day left)", "breach reminder NDB (Australia) (overdue)"], notifier.Sent.Select(n => n.Key));
    }

    [Fact]
    public async Task AcknowledgeAsync_WithAuditTrail_RecordsTimelineEntryAndAuditRecord()
    {
        var time = new FakeTimeProvider(Start);
        await using var harness = await EngineHarness.CreateAsync(time);
        await using var audit = await SqliteAuditTrail.OpenAsync(harness.Store.Path, time, CancellationToken.None);
        var incidents = new IncidentService(await SqliteIncidentStore.OpenAsync(harness.Store.Path, CancellationToken.None), harness.Store, time, audit);
        var (incident, _) = await incidents.OpenAsync("Primary down", "P2", null, "ops", null, false, null, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(3));

        var (ack, _) = await incidents.AcknowledgeAsync(incident!.Id, "dana", CancellationToken.None);
        var (again, _) = await incidents.AcknowledgeAsync(incident.Id, "sam", CancellationToken.None);

        Assert.Equal("dana", again!.By);
        Assert.True(again.AlreadyAcknowledged);
        var view = await incidents.ViewAsync(incident.Id, CancellationToken.None);
        Assert.Equal("acknowledged by dana after 3m; escalation stops", view!.Timeline.Single(t => t.Kind == nameof(IncidentEntryKind.Acknowledged)).Text);
        var records = await audit.ReadAsync(0, CancellationToken.None).ToListAsync();
        var record = Assert.Single(records);
        Assert.Equal(("dana", "incident.acknowledged", incident.Id), (record.Actor, record.Action, record.IncidentId));
        Assert.Equal(ack!.Sequence, view.Timeline.Single(t => t.Kind == nameof(IncidentEntryKind.Acknowledged)).Sequence);
    }

    private static async Task<(IncidentEscalationService Service, IncidentService Incidents, RecordingNotifier Notifier)> ServicesAsync(
        EngineHarness harness, TimeProvider time, IIncidentNotifier? notifier = null)
    {
        var store = await SqliteIncidentStore.OpenAsync(harness.Store.Path, CancellationToken.None);
        var recording = new RecordingNotifier();
        return (new IncidentEscalationService(store, Axis, notifier ?? recording), new IncidentService(store, harness.Store, time), recording);
    }
}
