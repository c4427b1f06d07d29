using System.Text.Json;
using Lifeline.Cli.Tests.Support;

namespace Lifeline.Cli.Tests.Remote;

/// <summary>The lifeline binary with --server against a real server: same reports, one-line errors, the server's rules.</summary>
public sealed class RemoteCliTests(RemoteServerFixture server) : IClassFixture<RemoteServerFixture>
{
    [Fact]
    public async Task RunsListAndShow_WithServer_PrintTheServersRuns()
    {
        // Given a run waiting at its gate in the server
        var runId = await server.StartGatedRunAsync("responder");

        // When a viewer lists runs and shows this one, as text and as JSON
        var list = await server.CliAsync("viewer", "runs", "list");
        var show = await server.CliAsync("viewer", "runs", "show", runId, "--events");
        var json = await server.CliAsync("viewer", "runs", "show", runId, "--output", "json");

        // Then the table, the report and the timeline come from the server, and the JSON is the local RunReport shape
        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Contains(runId, list.Stdout, StringComparison.Ordinal);
        Assert.Contains("responder", list.Stdout, StringComparison.Ordinal);
        Assert.True(show.ExitCode == 0, show.Stderr);
        Assert.Contains($"Run {runId}", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("StepStarted       gate", show.Stdout, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.Stderr);
        var report = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal(runId, report.GetProperty("run_id").GetString());
        Assert.Equal("gated", report.GetProperty("scenario").GetString());
    }

    [Fact]
    public async Task Approve_ByTheRunsStarter_PrintsTheFourEyesRefusalThenAnotherApproverDecides()
    {
        // Given a live run started by an approver, waiting at its gate
        var runId = await server.StartGatedRunAsync("approver");

        // When its starter approves, then a second approver, then the second approver again
        var own = await server.CliAsync("approver", "runs", "approve", runId, "gate", "--reason", "looks fine");
        var other = await server.CliAsync("approver2", "runs", "approve", runId, "gate", "--reason", "agreed", "--wait");
        var again = await server.CliAsync("approver2", "runs", "approve", runId, "gate");

        // Then the server's four-eyes rule is one line and exit 2; the other approval runs the gate open to the end;
        // a decision on a decided gate is one line
        Assert.Equal(2, own.ExitCode);
        Assert.Equal($"lifeline: four-eyes rule: approver started run {runId} and may not approve its gate 'gate'; another approver must decide (or use break-glass with a reason)", own.Stderr.Trim());
        Assert.True(other.ExitCode == 0, other.Stderr);
        Assert.Contains("approve: recorded for gate", other.Stderr, StringComparison.Ordinal);
        Assert.Contains("succeeded", other.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, again.ExitCode);
        Assert.Single(again.Stderr.Trim().Split('\n'));
        Assert.StartsWith("lifeline: ", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DrillWithAutoApprove_FollowsTheRunInTheServerToItsReport()
    {
        // When a responder starts a drill of the served estate through the CLI
        var (exitCode, stdout, stderr) = await server.CliAsync("responder", "run", "gated", "--estate", "remote", "--mode", "drill", "--profile", "test", "--auto-approve");

        // Then the CLI followed the server's events to the end and printed the report
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("RunFinished", stdout, StringComparison.Ordinal);
        Assert.Contains("succeeded", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_LiveUntilItsGate_ExitsWaitingWhileTheServerHoldsTheRun()
    {
        // When a responder starts a live run through the CLI without --wait
        var (exitCode, stdout, stderr) = await server.CliAsync("responder", "run", "gated", "--estate", "remote", "--mode", "live", "--profile", "test", "--yes");

        // Then the CLI stops following at the gate with exit 3 and says how to decide it
        Assert.Equal(3, exitCode);
        Assert.Contains("StepStarted       gate", stdout, StringComparison.Ordinal);
        Assert.Contains("waits at gate in the server: lifeline runs approve|reject", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_UnreachableServer_OneLineNamingItAndExit2()
    {
        var (exitCode, _, stderr) = await CliProcess.RunAsync(server.Directory, "runs", "list", "--server", "http://127.0.0.1:1", "--token", "llt_x_y");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("lifeline: server http://127.0.0.1:1 is unreachable: ", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task AnyCommand_BadOrMissingToken_ClearLineAndExit2()
    {
        var bad = await CliProcess.RunAsync(server.Directory, "runs", "list", "--server", server.Url, "--token", "llt_nope_notasecret");
        var missing = await server.CliAsync(null, "incident", "list");

        Assert.Equal(2, bad.ExitCode);
        Assert.Equal($"lifeline: server {server.Url} refused the API token (401): it is unknown, revoked or mistyped", bad.Stderr.Trim());
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("pass --token or set LIFELINE_TOKEN", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_ViewerRole_ForbiddenLineAndExit2()
    {
        var runId = await server.StartGatedRunAsync("responder");

        var (exitCode, _, stderr) = await server.CliAsync("viewer", "runs", "approve", runId, "gate");

        Assert.Equal(2, exitCode);
        Assert.Contains("(403)", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task LocalOnlyCommand_WithServer_SaysSoInOneLine()
    {
        var (exitCode, _, stderr) = await server.CliAsync("responder", "incident", "note", "inc-1", "text");

        Assert.Equal(2, exitCode);
        Assert.Equal($"lifeline: 'lifeline incident note' works on the local state file only, not with a server ({server.Url}); drop --server and unset LIFELINE_SERVER to use it", stderr.Trim());
    }

    [Fact]
    public async Task IncidentListAndAuditVerify_WithServer_ReadTheServersState()
    {
        var incidents = await server.CliAsync("viewer", "incident", "list", "--output", "json");
        var audit = await server.CliAsync("viewer", "audit", "verify");

        Assert.True(incidents.ExitCode == 0, incidents.Stderr);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(incidents.Stdout).RootElement.ValueKind);
        Assert.True(audit.ExitCode == 0, audit.Stderr);
        Assert.StartsWith($"audit trail intact on {server.Url}: ", audit.Stdout, StringComparison.Ordinal);
    }
}
