using System.Security.Cryptography;
using System.Text.Json;
using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Evidence;
using Lifeline.Engine.Incidents;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Scheduling;
using Lifeline.Engine.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Engine.Tests.Evidence;

/// <summary>The auditor's evidence, built from runs, an incident and an audit trail the real engine wrote to a real state file.</summary>
public sealed class EvidenceBuilderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Since = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Until = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Since);
    private EngineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await EngineHarness.CreateAsync(_time);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task BuildAsync_TwoDrillsAndAnIncident_HoldsBothGradesTheReviewLinkTheOverdueItemAndTheAuditVerification()
    {
        // Given an estate whose monthly DNS drill (due 1 November 03:00, within 7 days) ran late on the 9th, passing,
        var estate = Load();
        await using var audit = await SqliteAuditTrail.OpenAsync(_harness.PathOf("state.db"), _time, CancellationToken.None);
        var incidents = new IncidentService(await SqliteIncidentStore.OpenAsync(_harness.PathOf("state.db"), CancellationToken.None), _harness.Store, _time, audit);
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 9, 10, 0, 0, TimeSpan.Zero));
        var dns = await StartAsync(estate, "dns-failover", null);
        // and an incident opened on the 20th whose failover drill ran 2 h after it (RTO objective 1 h), losing 3 s of writes,
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));
        var (incident, _) = await incidents.OpenAsync("Primary <db> down", "P1", "failover", "ops", "cto", false, null, CancellationToken.None);
        await incidents.AcknowledgeAsync(incident!.Id, "cto", CancellationToken.None);
        await incidents.NoteAsync(incident.Id, "ops", "review meeting: <script>alert(1)</script>", null, CancellationToken.None);
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));
        var failover = await StartAsync(estate, "failover", incident.OpenedAt);
        await incidents.LinkRunAsync(incident.Id, failover.RunId, "ops", CancellationToken.None);
        await incidents.RecordImpactAsync(incident.Id, new IncidentImpact(null, 2, 3), "ops", CancellationToken.None);
        // and a signed checkpoint of the audit trail
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var (checkpoint, error) = await new AuditCheckpointWriter(audit, _time).WriteAsync(key, CancellationToken.None);
            Assert.True(checkpoint is not null, error);
        }

        // When the evidence for November is built
        _time.SetUtcNow(Until.AddHours(1));
        var report = await new EvidenceBuilder(_harness.Runs, incidents, audit, _time).BuildAsync(estate, Since, Until, CancellationToken.None);

        // Then both drills are there with their grades: the DNS drill passed, the failover drill failed its RTO
        Assert.Equal([dns.RunId, failover.RunId], report.Drills.Select(d => d.RunId));
        Assert.True(report.Drills[0].Passed, string.Join("; ", report.Drills[0].Reasons));
        var failed = report.Drills[1];
        Assert.False(failed.Passed);
        Assert.Equal((7200d, 3600d, 3d, 900d), (failed.RtoS, failed.RtoObjectiveS!.Value, failed.RpoS!.Value, failed.RpoObjectiveS!.Value));
        Assert.Equal(["RTO 2h exceeded the objective critical 1h"], failed.Reasons);
        // and the incident with its run, its data loss and its review
        var evidence = Assert.Single(report.Incidents);
        Assert.Equal(("#review-" + incident.Id, failover.RunId, 3d), (evidence.ReviewLink, Assert.Single(evidence.Runs).RunId, evidence.RpoS!.Value));
        Assert.Contains("## Incident Report: Primary <db> down", evidence.Review, StringComparison.Ordinal);
        // and the monthly drill's 1 November occurrence as overdue, drilled late; the task as not judged
        var overdue = Assert.Single(report.Calendar.Overdue);
        Assert.Equal(("monthly-dns", new DateTimeOffset(2026, 11, 1, 3, 0, 0, TimeSpan.Zero), dns.RunId), (overdue.Item, overdue.DueAt, overdue.LateRunId));
        Assert.Contains(report.Calendar.NotJudged, n => n.Contains("annual-review", StringComparison.Ordinal));
        // and readiness history said not recorded, the audit trail verified with its latest checkpoint
        Assert.False(report.Readiness.Recorded);
        Assert.True(report.Audit.Verification.Ok, report.Audit.Verification.Reason);
        Assert.True(report.Audit.Verification.RecordsChecked > 0);
        Assert.NotNull(report.Audit.LatestCheckpoint);

        // And the HTML holds the same facts, a chart, the review linked and in it, and encodes what came from data
        var html = EvidenceHtml.Write(report);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"#review-{incident.Id}\"", html, StringComparison.Ordinal);
        Assert.Contains($"id=\"review-{incident.Id}\"", html, StringComparison.Ordinal);
        Assert.Contains(dns.RunId, html, StringComparison.Ordinal);
        Assert.Contains("RTO 2h exceeded the objective critical 1h", html, StringComparison.Ordinal);
        Assert.Contains(report.Audit.LatestCheckpoint!.HeadHash, html, StringComparison.Ordinal);
        Assert.Contains("Primary &lt;db&gt; down", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);

        // And the JSON holds the same facts
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(report, EvidenceJson.Default.EvidenceReport));
        var drills = json.RootElement.GetProperty("drills");
        Assert.Equal(["passed", "failed"], drills.EnumerateArray().Select(d => d.GetProperty("grade").GetString()));
        Assert.Equal(7200d, drills[1].GetProperty("rto_s").GetDouble());
        Assert.Equal("#review-" + incident.Id, json.RootElement.GetProperty("incidents")[0].GetProperty("review_link").GetString());
        Assert.True(json.RootElement.GetProperty("audit").GetProperty("verification").GetProperty("ok").GetBoolean());
        Assert.Equal(report.Audit.LatestCheckpoint.Signature, json.RootElement.GetProperty("audit").GetProperty("latest_checkpoint").GetProperty("signature").GetString());
    }

    private async Task<Reports.RunReport> StartAsync(LoadedEstate estate, string scenario, DateTimeOffset? since)
    {
        var request = new StartRunRequest(estate, scenario, RunMode.Drill, "test", new Dictionary<string, string>(), RunBehaviour.Default, "tester", since);
        var outcome = await _harness.Runs.StartAsync(request, NullRunObserver.Instance, CancellationToken.None);
        Assert.True(outcome.Report is not null, outcome.Error);
        Assert.Equal("succeeded", outcome.Report!.Status);
        return outcome.Report;
    }

    private LoadedEstate Load()
    {
        var directory = Path.Combine(_harness.Directory, "estate");
        Directory.CreateDirectory(Path.Combine(directory, "plans"));
        File.WriteAllText(Path.Combine(directory, "plans", "failover.yaml"), Plan("failover", "{ rto: critical, rpo: database }"));
        File.WriteAllText(Path.Combine(directory, "plans", "dns.yaml"), Plan("dns-failover", "{ rto: critical }"));
        File.WriteAllText(Path.Combine(directory, "estate.yaml"), """
            estate: test
            profiles: [test]
            sites:
              here: { role: primary }
            objectives:
              rto: { critical: 1h }
              rpo: { database: 15m }
            contacts:
              ops: { name: Ops, role: On-call, email: ops@example.test }
              cto: { name: CTO, role: CTO, email: cto@example.test }
            resources:
              nothing:
                kind: endpoint
                site: here
                bindings:
                  test: { provider: noop }
            calendar:
              monthly-dns: { cadence: "0 3 1 * *", owner: ops, drill: dns-failover }
              annual-review: { cadence: "0 9 1 1 *", owner: cto, task: Review the DR plan, checklist: [read it] }
            """);
        var (sources, problems) = EstateSources.Read(directory);
        Assert.True(sources is not null, string.Join("\n", problems));
        var (loaded, diagnostics) = EstateLoader.Load(sources!, new LoadOptions("test", new Dictionary<string, string>(), _harness.Providers));
        Assert.True(loaded is not null, string.Join("\n", diagnostics));
        return loaded!;
    }

    private static string Plan(string scenario, string objective) => $$"""
        scenario: {{scenario}}
        severity: P1
        objective: {{objective}}
        phases:
          - id: one
            name: One
            budget: 1h
            steps:
              - { id: act, action: noop.run }
        """;
}
