using Lifeline.Engine.Incidents;
using Lifeline.Engine.Incidents.Reviews;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Engine.Tests.Incidents;

public sealed class IncidentServiceTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Open_UnknownSeverity_IsRefusedWithTheKnownOnes()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var service = await ServiceAsync(harness, TimeProvider.System);

        var (incident, error) = await service.OpenAsync("x", "P7", null, "ops", null, false, null, CancellationToken.None);

        Assert.Null(incident);
        Assert.Equal("severity 'P7' is not known; expected one of P1, P2, P3, P4", error);
    }

    [Fact]
    public async Task Timeline_LinkedRunAndNotes_AreMergedInTimeOrder()
    {
        // Given an incident, a run linked to it, and a note made later about something earlier
        await using var harness = await EngineHarness.CreateAsync();
        var service = await ServiceAsync(harness, TimeProvider.System);
        var (incident, _) = await service.OpenAsync("Primary down", "P1", "region-failover", "ops", "cto", false, null, CancellationToken.None);
        var run = await harness.StartAsync("""
            scenario: tiny
            severity: P1
            phases:
              - { id: one, name: One, budget: 1m, steps: [ { id: step, action: noop.run } ] }
            """);
        await service.LinkRunAsync(incident!.Id, run.RunId, "ops", CancellationToken.None);
        await service.NoteAsync(incident.Id, "ops", "pager went off", incident.OpenedAt.AddMinutes(-5), CancellationToken.None);

        // When the timeline is assembled
        var view = await service.ViewAsync(incident.Id, CancellationToken.None);

        // Then the earlier note comes first, and the run's step transitions are in it
        Assert.Equal("pager went off", view!.Timeline[0].Text);
        Assert.Contains(view.Timeline, t => t.Source == $"run {run.RunId}" && t.Kind == nameof(RunEventKind.StepSucceeded));
        Assert.Equal(view.Timeline.OrderBy(t => t.At), view.Timeline);
    }

    [Fact]
    public async Task CorrectNoteTime_RecordsTheCorrectionAndMovesTheNote_NeverEditsIt()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var time = new FakeTimeProvider(Start);
        var service = await ServiceAsync(harness, time);
        var (incident, _) = await service.OpenAsync("x", "P2", null, "ops", null, false, null, CancellationToken.None);
        var (note, _) = await service.NoteAsync(incident!.Id, "ops", "failover decided", Start.AddMinutes(10), CancellationToken.None);

        var (correction, error) = await service.CorrectNoteTimeAsync(incident.Id, note!.Sequence, Start.AddMinutes(7), "cto", "phone clock", CancellationToken.None);

        Assert.Null(error);
        Assert.Equal(note.Sequence, correction!.RefersTo);
        var view = await service.ViewAsync(incident.Id, CancellationToken.None);
        Assert.Equal(Start.AddMinutes(7), view!.Timeline.Single(t => t.Text == "failover decided").At);
        Assert.Contains(view.Timeline, t => t.Text.Contains("time corrected from 2026-11-23 03:10:00Z to 2026-11-23 03:07:00Z: phone clock", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Entries_AreAppendOnly_EvenThroughSql()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var service = await ServiceAsync(harness, TimeProvider.System);
        var (incident, _) = await service.OpenAsync("x", "P3", null, "ops", null, false, null, CancellationToken.None);

        await using var connection = new SqliteConnection($"Data Source={harness.Store.Path}");
        await connection.OpenAsync();
        await using var edit = connection.CreateCommand();
        edit.CommandText = "UPDATE incident_entries SET text = 'nothing happened'";

        var ex = await Assert.ThrowsAsync<SqliteException>(() => edit.ExecuteNonQueryAsync());
        Assert.Contains("append-only", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(incident);
    }

    [Fact]
    public async Task Status_AfterResolved_IsRefused()
    {
        await using var harness = await EngineHarness.CreateAsync();
        var service = await ServiceAsync(harness, TimeProvider.System);
        var (incident, _) = await service.OpenAsync("x", "P3", null, "ops", null, false, null, CancellationToken.None);
        await service.SetStatusAsync(incident!.Id, IncidentStatus.Resolved, "ops", CancellationToken.None);

        var (_, error) = await service.SetStatusAsync(incident.Id, IncidentStatus.Mitigating, "ops", CancellationToken.None);

        Assert.Equal($"incident {incident.Id} is resolved; open a new incident for a new event", error);
    }

    [Fact]
    public void BreachClock_Deadlines_FollowHipaaAndNdb()
    {
        var deadlines = BreachClock.Deadlines(Start, Start.AddDays(25));

        Assert.Equal(Start.AddDays(60), deadlines.Single(d => d.Rule == "HIPAA").Due);
        Assert.Equal("open", deadlines.Single(d => d.Rule == "HIPAA").Status);
        Assert.Equal("due soon", deadlines.Single(d => d.Rule.StartsWith("NDB", StringComparison.Ordinal)).Status);
        Assert.Equal("overdue", BreachClock.Deadlines(Start, Start.AddDays(61)).Single(d => d.Rule == "HIPAA").Status);
    }

    [Fact]
    public async Task Review_ResolvedIncident_FollowsTheMedZenTemplateWithMeasuredFigures()
    {
        var time = new FakeTimeProvider(Start);
        await using var harness = await EngineHarness.CreateAsync();
        var service = await ServiceAsync(harness, time);
        var (incident, _) = await service.OpenAsync("Primary region failure", "P1", "region-failover", "ops", "cto", true, null, CancellationToken.None);
        await service.RecordImpactAsync(incident!.Id, new IncidentImpact(1200, 0, 0), "ops", CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(42));
        var (resolved, _) = await service.SetStatusAsync(incident.Id, IncidentStatus.Resolved, "cto", CancellationToken.None);
        var view = await service.ViewAsync(incident.Id, CancellationToken.None);

        var markdown = PostIncidentReview.Markdown(view!, [], time.GetUtcNow());

        foreach (var heading in new[] { "## Incident Report: Primary region failure", "### Summary", "### Impact", "### Timeline", "### Root Cause", "### Resolution", "### Action Items", "### Lessons Learned" })
        {
            Assert.Contains(heading, markdown, StringComparison.Ordinal);
        }

        Assert.Contains("**Duration:** 42m", markdown, StringComparison.Ordinal);
        Assert.Contains("- Users affected: 1200", markdown, StringComparison.Ordinal);
        Assert.Contains("- Data loss: None (0 acknowledged writes lost, measured)", markdown, StringComparison.Ordinal);
        Assert.Contains($"- [ ] Complete the disaster recovery timeline - cto - {resolved!.ResolvedAt!.Value.AddHours(24):yyyy-MM-dd HH:mm}", markdown, StringComparison.Ordinal);
        Assert.Contains($"- [ ] Update recovery procedures and runbooks - cto - {resolved.ResolvedAt.Value.AddDays(7):yyyy-MM-dd HH:mm}", markdown, StringComparison.Ordinal);
        Assert.Contains("Breach deadline (HIPAA)", markdown, StringComparison.Ordinal);
        Assert.Contains("<h3>Action Items</h3>", PostIncidentReview.Html(markdown), StringComparison.Ordinal);
    }

    private static async Task<IncidentService> ServiceAsync(EngineHarness harness, TimeProvider time) =>
        new(await SqliteIncidentStore.OpenAsync(harness.Store.Path, CancellationToken.None), harness.Store, time);
}
