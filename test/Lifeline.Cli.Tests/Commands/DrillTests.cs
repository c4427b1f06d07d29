using System.Diagnostics;
using System.Text.Json;
using Lifeline.Cli.Tests.Support;

namespace Lifeline.Cli.Tests.Commands;

/// <summary>The drill against the real sandbox (PostgreSQL, PowerDNS, portal processes on loopback), through the real CLI.</summary>
public sealed class DrillTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "lifeline-drill-" + Guid.NewGuid().ToString("N")[..8]);

    public DrillTests() => Directory.CreateDirectory(_work);

    [Fact]
    public async Task Demo_SyncReplication_SucceedsWithNoAcknowledgedWriteLost()
    {
        // When the whole demo runs with synchronous replication
        var json = Path.Combine(_work, "demo.json");
        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            RepositoryPaths.Root, "demo", "--sync", "--json", json, "--dir", Path.Combine(_work, "sandbox"), "--state", Path.Combine(_work, "state.db"));

        // Then it recovers, validates, measures, and loses nothing that was acknowledged
        Assert.True(exit == 0, $"demo exited {exit}\n{stdout}\n{stderr}");
        var report = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.Equal("succeeded", report.GetProperty("status").GetString());
        Assert.Equal(0, report.GetProperty("rpo").GetProperty("lost_writes").GetInt32());
        Assert.True(report.GetProperty("rpo").GetProperty("acknowledged_writes").GetInt32() > 0);
        Assert.True(report.GetProperty("rto").GetProperty("achieved_s").GetDouble() > 0);
        Assert.Equal(5, report.GetProperty("phases").GetArrayLength());
        Assert.All(report.GetProperty("validation").EnumerateArray(), v => Assert.Equal("passed", v.GetProperty("status").GetString()));
        Assert.Contains("# Drill report: region-failover (succeeded)", stdout, StringComparison.Ordinal);

        // And it reports the reduced-load validation's figures and the audit-log recovery point (runbook 5.2, RPO table)
        var checks = report.GetProperty("validation").EnumerateArray().ToDictionary(v => v.GetProperty("check").GetString()!, v => v.GetProperty("detail").GetString()!);
        Assert.Matches(@"^\d+ requests, error rate 0, p50 \d+ ms, p95 \d+ ms, max \d+ ms$", checks["load-test"]);
        Assert.Matches(@"; audit-log RPO 0 s$", checks["verify-data"]);
        Assert.False(Directory.Exists(Path.Combine(_work, "sandbox")), "the demo must take its sandbox down");

        // And the drill is on record as an incident whose timeline holds the run and whose impact is the measured loss
        var incidentId = report.GetProperty("incident_id").GetString()!;
        var show = await CliProcess.RunAsync(RepositoryPaths.Root, "incident", "show", incidentId, "--state", Path.Combine(_work, "state.db"), "--output", "json");
        var incident = JsonDocument.Parse(show.Stdout).RootElement;
        Assert.Equal("monitoring", incident.GetProperty("incident").GetProperty("status").GetString()!.ToLowerInvariant());
        Assert.Equal(0, incident.GetProperty("incident").GetProperty("impact").GetProperty("lost_writes").GetInt32());
        var timeline = incident.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("kind").GetString()).ToList();
        Assert.Contains("Opened", timeline);
        Assert.Contains("PhaseFinished", timeline);
        Assert.Contains("RunFinished", timeline);

        // And every decision and action of the drill is in an intact audit trail
        var verify = await CliProcess.RunAsync(RepositoryPaths.Root, "audit", "verify", "--state", Path.Combine(_work, "state.db"));
        Assert.True(verify.ExitCode == 0, verify.Stdout + verify.Stderr);
        var export = await CliProcess.RunAsync(RepositoryPaths.Root, "audit", "export", "--state", Path.Combine(_work, "state.db"));
        Assert.Contains("run.Decision", export.Stdout, StringComparison.Ordinal);
        Assert.Contains("run.RunFinished", export.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drill_CliKilledDuringApplicationRecovery_ResumesAndFinishes()
    {
        // Given a sandbox whose primary site has just been killed
        var sandbox = Path.Combine(_work, "sandbox");
        var state = Path.Combine(_work, "state.db");
        var up = await CliProcess.RunAsync(RepositoryPaths.Root, "sandbox", "up", "--dir", sandbox);
        Assert.True(up.ExitCode == 0, up.Stderr);
        try
        {
            var baseline = Path.Combine(_work, "baseline.json");
            File.WriteAllText(baseline, """{"capturedAt":"2026-01-01T00:00:00Z","endpoint":"test","counts":{"patients":0,"studies":0,"audit_logs":0},"latestAudit":null}""");
            Assert.Equal(0, (await CliProcess.RunAsync(RepositoryPaths.Root, "sandbox", "fault", "primary-site", "--dir", sandbox)).ExitCode);

            // When the drill's CLI is SIGKILLed while phase 3 (application recovery) is in flight
            string[] run = ["run", "region-failover", "--estate", "examples/axis-imaging", "--mode", "drill", "--auto-approve",
                "--input", "criteria-window=1s", "--input", $"baseline=@{baseline}", "--input", "load-duration=2s", "--state", state];
            using (var process = CliProcess.Start(RepositoryPaths.Root, run, Env(sandbox)))
            {
                // (after the phase's status update went out: a message is not idempotent, so killing the CLI while
                // it is being sent would rightly stop the resume for an operator)
                var seen = await WaitForLinesAsync(process, ["status-update-1 Status update with the phase checklist succeeded", "scale-frontend-dr"], TimeSpan.FromMinutes(3));
                Assert.True(seen, "phase 3 never started");
                process.Kill(entireProcessTree: false);
                await process.WaitForExitAsync();
            }

            var runs = await CliProcess.RunAsync(RepositoryPaths.Root, ["runs", "list", "--state", state, "--output", "json"], Env(sandbox));
            var runId = JsonDocument.Parse(runs.Stdout).RootElement[0].GetProperty("run_id").GetString()!;

            // Then resume finishes the run: scaling is idempotent, so it runs again; earlier phases do not
            var (exit, stdout, stderr) = await CliProcess.RunAsync(RepositoryPaths.Root, ["runs", "resume", runId, "--state", state, "--output", "json"], Env(sandbox));
            Assert.True(exit == 0, $"resume exited {exit}\n{stdout}\n{stderr}");
            var report = JsonDocument.Parse(stdout).RootElement;
            Assert.Equal("succeeded", report.GetProperty("status").GetString());
            var steps = report.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
            Assert.Equal(1, steps["promote"].GetProperty("attempts").GetInt32());
            Assert.Equal(1, steps["notify-initial"].GetProperty("attempts").GetInt32());
            Assert.Equal("succeeded", steps["verify-data"].GetProperty("status").GetString());
        }
        finally
        {
            var down = await CliProcess.RunAsync(RepositoryPaths.Root, "sandbox", "down", "--dir", sandbox);
            Assert.True(down.ExitCode == 0, down.Stderr);
        }
    }

    [Fact]
    public async Task Run_StepTargetUnboundInSandbox_OneClearErrorNothingStarted()
    {
        // Given an estate whose plan acts on a resource bound only in production
        var estate = Path.Combine(_work, "estate");
        Directory.CreateDirectory(Path.Combine(estate, "plans"));
        File.WriteAllText(Path.Combine(estate, "estate.yaml"), """
            estate: partial
            profiles: [production, sandbox]
            sites:
              primary: { role: primary }
            resources:
              db:
                kind: database
                site: primary
                bindings:
                  production: { provider: aws-rds, settings: { instance: db-1 } }
            """);
        File.WriteAllText(Path.Combine(estate, "plans", "promote.yaml"), """
            scenario: promote
            severity: P2
            phases:
              - { id: only, name: Only, budget: 10m, steps: [ { id: promote, action: database.promote, target: db } ] }
            """);

        var (exit, stdout, stderr) = await CliProcess.RunAsync(_work, "run", "promote", "--estate", "estate", "--mode", "drill", "--state", Path.Combine(_work, "state.db"));

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("plans/promote.yaml:4:", stderr, StringComparison.Ordinal);
        Assert.Contains("resource 'db' has no binding for profile 'sandbox'", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_work, "state.db")), "nothing may be recorded for a plan that cannot run");
    }

    [Fact]
    public async Task Run_DrillWithoutSandbox_RefusesBeforeStartingAnything()
    {
        // Given no sandbox (so its endpoints, ports and secrets are unknown)
        var state = Path.Combine(_work, "state.db");

        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            RepositoryPaths.Root,
            ["run", "region-failover", "--estate", "examples/axis-imaging", "--mode", "drill", "--state", state],
            new Dictionary<string, string> { ["LIFELINE_SANDBOX_DIR"] = Path.Combine(_work, "no-sandbox") });

        // Then nothing runs, and every unresolved reference is named at once
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("nothing was started", stderr, StringComparison.Ordinal);
        Assert.Contains("environment variable LIFELINE_SANDBOX_PG_PRIMARY_PORT is not set", stderr, StringComparison.Ordinal);
        Assert.Contains("secret SANDBOX_PG_PASSWORD is not set", stderr, StringComparison.Ordinal);
        var runs = await CliProcess.RunAsync(RepositoryPaths.Root, "runs", "list", "--state", state, "--output", "json");
        Assert.Equal("[]", runs.Stdout.Trim());
    }

    [Fact]
    public async Task Demo_Messages_ReachARealSmtpServerAndAWebhook_WithThePhaseChecklist()
    {
        // Given a real SMTP server (aiosmtpd) and a webhook endpoint, both started by the test on loopback
        using var smtp = new Lifeline.Providers.Tests.Communications.Channels.SmtpServerFixture();
        using var webhook = new Lifeline.Providers.Tests.Communications.Channels.RecordingHttpServer();

        // When the demo runs with them as extra channels (keeping its sandbox, to know its secrets afterwards)
        var sandbox = Path.Combine(_work, "sandbox");
        var state = Path.Combine(_work, "state.db");
        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            RepositoryPaths.Root, "demo", "--keep", "--dir", sandbox, "--state", state,
            "--notify-smtp", $"127.0.0.1:{smtp.Port}", "--notify-webhook", webhook.Url);
        string[] secrets;
        string notificationsLog;
        try
        {
            Assert.True(exit == 0, $"demo exited {exit}\n{stdout}\n{stderr}");
            secrets = [.. File.ReadAllLines(Path.Combine(sandbox, "sandbox.env")).Where(l => l.StartsWith("LIFELINE_SECRET_", StringComparison.Ordinal)).Select(l => l.Split('=', 2)[1])];
            notificationsLog = File.ReadAllText(Path.Combine(sandbox, "notifications.log"));
        }
        finally
        {
            await CliProcess.RunAsync(RepositoryPaths.Root, "sandbox", "down", "--dir", sandbox);
        }

        // Then both received the initial notification, status updates with the checklist, and recovery complete
        var mails = Directory.GetFiles(smtp.Spool, "*.eml").Select(File.ReadAllText).ToList();
        var posts = webhook.Requests.Select(r => r.Body).ToList();
        Assert.True(mails.Count >= 4, $"{mails.Count} mails");
        var subjects = posts.Select(p => p.GetProperty("subject").GetString()!).ToList();
        // One CI run once counted 16 mails and 15 posts; list both so a recurrence shows which message differed.
        var mailSubjects = mails.Select(m => m.Split('\n').FirstOrDefault(l => l.StartsWith("Subject:", StringComparison.Ordinal))?.Trim() ?? "(no subject)");
        Assert.True(mails.Count == posts.Count, $"{mails.Count} mails, {posts.Count} posts\nmails:\n  {string.Join("\n  ", mailSubjects)}\nposts:\n  {string.Join("\n  ", subjects)}");
        Assert.Equal(1, subjects.Count(s => s.StartsWith("[URGENT] Disaster Recovery Activated - Axis Imaging", StringComparison.Ordinal)));
        Assert.True(subjects.Count(s => s.StartsWith("[UPDATE] Disaster Recovery Status - Axis Imaging", StringComparison.Ordinal)) >= 2);
        Assert.Equal(1, subjects.Count(s => s.StartsWith("[RESOLVED] Disaster Recovery Complete - Axis Imaging", StringComparison.Ordinal)));
        // (the update sent as application recovery starts; periodic ones may come at any phase)
        var update = posts.Where(p => p.GetProperty("subject").GetString()!.StartsWith("[UPDATE]", StringComparison.Ordinal))
            .Select(p => p.GetProperty("message").GetString()!)
            .First(m => m.Contains("⏳ Application Recovery (in progress)", StringComparison.Ordinal));
        Assert.Contains("✓ Assessment and Decision", update, StringComparison.Ordinal);
        Assert.Contains("✓ Data Recovery", update, StringComparison.Ordinal);
        Assert.Contains("⏳ Validation and Testing", update, StringComparison.Ordinal);
        Assert.All(mails, m => Assert.Contains("X-Envelope-To: on-call@axis-imaging.invalid", m, StringComparison.Ordinal));
        Assert.Contains(mails, m => m.Contains("Subject: [RESOLVED] Disaster Recovery Complete", StringComparison.Ordinal));

        // And no secret value appears in the messages, the notification log, the audit trail or the run's timeline
        var runId = JsonDocument.Parse((await CliProcess.RunAsync(RepositoryPaths.Root, "runs", "list", "--state", state, "--output", "json")).Stdout).RootElement[0].GetProperty("run_id").GetString()!;
        var audit = (await CliProcess.RunAsync(RepositoryPaths.Root, "audit", "export", "--state", state)).Stdout;
        var timeline = (await CliProcess.RunAsync(RepositoryPaths.Root, "runs", "show", runId, "--events", "--state", state)).Stdout;
        var everything = string.Join("\n", mails) + string.Join("\n", posts.Select(p => p.ToString())) + notificationsLog + audit + timeline + stdout + stderr;
        // (the database password, the PowerDNS API key, the replication password failback's reprotect streams with, and
        // the S3 stores' access key id and secret key)
        Assert.Equal(5, secrets.Length);
        Assert.All(secrets, secret => Assert.True(secret.Length >= 8 && !everything.Contains(secret, StringComparison.Ordinal), "a secret value leaked"));
        Assert.Contains("***", timeline, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Dictionary<string, string> Env(string sandbox) => new() { ["LIFELINE_SANDBOX_DIR"] = sandbox };

    private static async Task<bool> WaitForLinesAsync(Process process, string[] texts, TimeSpan timeout)
    {
        var pending = texts.ToHashSet();
        using var cancel = new CancellationTokenSource(timeout);
        _ = process.StandardError.ReadToEndAsync(cancel.Token);
        try
        {
            // Progress goes to stdout when the report is text.
            while (await process.StandardOutput.ReadLineAsync(cancel.Token) is { } line)
            {
                pending.RemoveWhere(text => line.Contains(text, StringComparison.Ordinal));
                if (pending.Count == 0)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return false;
    }
}
