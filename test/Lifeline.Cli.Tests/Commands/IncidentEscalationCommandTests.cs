using System.Text.Json;
using Lifeline.Cli.Tests.Support;
using Lifeline.Providers.Tests;

namespace Lifeline.Cli.Tests.Commands;

/// <summary>
/// <c>incident ack|escalate|publish</c> and <c>audit keygen|checkpoint|verify</c> through the real binary: pages go through the
/// Axis estate's sandbox notification channel (notify-log) exactly as notify steps send them.
/// </summary>
public sealed class IncidentEscalationCommandTests : IDisposable
{
    private readonly TempDirectory _work = new();

    [Fact]
    public async Task Escalate_P1ThroughTheEstateChannel_PagesOnceUntilAcknowledged()
    {
        // Given a P1 incident in a fresh state file
        var (_, id, _) = await LifelineAsync("incident", "open", "--title", "Primary down", "--severity", "P1");
        id = id.Trim();

        // When escalation is evaluated twice through the sandbox profile's channel
        var (exit, stdout, stderr) = await LifelineAsync("incident", "escalate", "-e", "examples/axis-imaging", "-p", "sandbox", "--once");
        var (againExit, again, _) = await LifelineAsync("incident", "escalate", id, "-e", "examples/axis-imaging", "-p", "sandbox", "--once", "-o", "json");

        // Then level 1 and the executive level (the CTO's; Axis lists compliance after it) were paged through 'alerts', once each
        Assert.True(exit == 0, stderr);
        Assert.Contains($"{id}: paged level 1 (on-call) via alerts", stdout, StringComparison.Ordinal);
        Assert.Contains($"{id}: paged level 3 (cto, aws-support) via alerts", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("compliance-officer", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("paged level 2", stdout, StringComparison.Ordinal);
        Assert.Equal(0, againExit);
        Assert.Equal(0, JsonDocument.Parse(again).RootElement.GetProperty("notices").GetArrayLength());
        var log = await File.ReadAllLinesAsync(Path.Combine(_work.Path, "notifications.log"));
        Assert.Equal(2, log.Length);

        // And acknowledging records who took it, in the timeline and the audit trail
        var (ackExit, ack, _) = await LifelineAsync("incident", "ack", id, "--as", "dana", "-o", "json");
        Assert.Equal(0, ackExit);
        Assert.Equal("dana", JsonDocument.Parse(ack).RootElement.GetProperty("by").GetString());
        var (_, show, _) = await LifelineAsync("incident", "show", id);
        Assert.Contains("acknowledged by dana", show, StringComparison.Ordinal);
        var (_, audit, _) = await LifelineAsync("audit", "export");
        Assert.Contains("\"action\":\"incident.acknowledged\"", audit, StringComparison.Ordinal);
        Assert.Contains("\"action\":\"incident.paged\"", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_WithAPublicTitle_RecordedOnTheTimelineAndAudited()
    {
        // Given a private incident
        var (_, id, _) = await LifelineAsync("incident", "open", "--title", "Ransomware on pacs-01", "--severity", "P1");
        id = id.Trim();

        // When it is published with a public title, and then with an empty one
        var (exit, stdout, stderr) = await LifelineAsync("incident", "publish", id, "--title", "Imaging service disruption", "--as", "dana");
        var (emptyExit, _, emptyError) = await LifelineAsync("incident", "publish", id, "--title", " ");

        // Then the public title is on the timeline and the audit trail; an empty title is one clear line, exit 2
        Assert.True(exit == 0, stderr);
        Assert.Contains("is public as \"Imaging service disruption\"", stdout, StringComparison.Ordinal);
        var (_, show, _) = await LifelineAsync("incident", "show", id);
        Assert.Contains("Imaging service disruption", show, StringComparison.Ordinal);
        var (_, audit, _) = await LifelineAsync("audit", "export");
        Assert.Contains("\"action\":\"incident.published\"", audit, StringComparison.Ordinal);
        Assert.Equal(2, emptyExit);
        Assert.Contains("a public title is one line of 1 to 200 characters", emptyError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ack_UnknownIncident_OneClearLineExitTwo()
    {
        var (exit, _, stderr) = await LifelineAsync("incident", "ack", "INC-nope");

        Assert.Equal(2, exit);
        Assert.Equal("lifeline: no incident 'INC-nope'; see lifeline incident list", stderr.Trim());
    }

    [Fact]
    public async Task AuditCheckpoint_SignedAndVerifiedWithThePublicKey()
    {
        // Given an audited acknowledgement and a new key pair
        var (_, id, _) = await LifelineAsync("incident", "open", "--title", "x", "--severity", "P3");
        await LifelineAsync("incident", "ack", id.Trim());
        var key = Path.Combine(_work.Path, "keys", "audit.pem");
        var (keygenExit, _, keygenError) = await LifelineAsync("audit", "keygen", "--out", key);
        Assert.True(keygenExit == 0, keygenError);

        // When a checkpoint is signed and the trail verified with the public key
        var (checkpointExit, checkpoint, checkpointError) = await LifelineAsync("audit", "checkpoint", "--key", key, "-o", "json");
        var (verifyExit, verify, _) = await LifelineAsync("audit", "verify", "--public-key", key + ".pub", "-o", "json");

        // Then both succeed and the checkpoint's signature was checked
        Assert.True(checkpointExit == 0, checkpointError);
        Assert.Equal(1, JsonDocument.Parse(checkpoint).RootElement.GetProperty("sequence").GetInt64());
        Assert.Equal(0, verifyExit);
        var checkpoints = JsonDocument.Parse(verify).RootElement.GetProperty("checkpoints");
        Assert.True(checkpoints.GetProperty("signatures_checked").GetBoolean());
        Assert.Equal(1, checkpoints.GetProperty("checkpoints_checked").GetInt32());

        // And signing with the public key is refused in one line
        var (badExit, _, badError) = await LifelineAsync("audit", "checkpoint", "--key", key + ".pub");
        Assert.Equal(2, badExit);
        Assert.DoesNotContain("   at ", badError, StringComparison.Ordinal);
    }

    public void Dispose() => _work.Dispose();

    private Task<(int ExitCode, string Stdout, string Stderr)> LifelineAsync(params string[] args) =>
        CliProcess.RunAsync(RepositoryPaths.Root, [.. args, "--state", Path.Combine(_work.Path, "state.db")], new Dictionary<string, string> { ["LIFELINE_SANDBOX_DIR"] = _work.Path });
}
