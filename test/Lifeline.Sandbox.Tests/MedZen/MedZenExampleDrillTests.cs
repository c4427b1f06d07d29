using System.Globalization;
using System.Text.Json;
using Lifeline.Sandbox.Environment;
using Npgsql;

namespace Lifeline.Sandbox.Tests.MedZen;

/// <summary>
/// The MedZen example's own plans as drills on its own sandbox (examples/medzen): the af-south-1 region failure, the AI
/// failover chain and its rollback, and the Agora fallback with its queued recordings.
/// </summary>
public sealed class MedZenExampleDrillTests
{
    private static readonly Dictionary<string, string> Quick = new() { ["criteria-window"] = "1s" };

    [Fact]
    public async Task RegionFailureAfSouth1_SiteKilled_ReplicaPromotedDrScaledDnsMovedAndEhrStatusServed()
    {
        // Given the MedZen sandbox, with a patient written through ehr before the region goes
        await using var sandbox = await MedZenSandbox.UpAsync(Topologies.MedZenEstate);
        var port = int.Parse(sandbox.Settings["LIFELINE_SANDBOX_EHRBASE_PORT"], CultureInfo.InvariantCulture);
        Assert.Equal(201, (await sandbox.CallAsync("pdns", "ehr", port, HttpMethod.Post, "/patients", new { name = "before" })).Status);

        // When af-south-1 is lost and the region-failure plan runs as a drill
        await sandbox.FaultAsync(SandboxManager.KillSite, "af-south-1");
        var outcome = await sandbox.DrillAsync("region-failure-af-south-1", Quick);

        // Then the eu-west-1 replica is the writable primary, ehr answers with the DR service's four instances, each
        // serving /ehrbase/rest/status over the writable database, and writes through ehr succeed again
        Assert.True(outcome.Report is { Status: "succeeded" }, MedZenSandbox.Describe(outcome));
        await using (var connection = new NpgsqlConnection(
            $"Host=127.0.0.1;Port={sandbox.Settings["LIFELINE_SANDBOX_EHRDB_REPLICA_PORT"]};Database=ehrbase;Username={sandbox.Settings["LIFELINE_SANDBOX_EHRDB_USER"]};Password={sandbox.Settings["LIFELINE_SECRET_SANDBOX_EHRDB_PASSWORD"]};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select pg_is_in_recovery(), (select count(*) from patients where name = 'before')", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.False(reader.GetBoolean(0));
            Assert.Equal(1L, reader.GetInt64(1));
        }

        await sandbox.AssertEhrServedFromEuWest1Async(port);
    }

    [Fact]
    public async Task AiChainAndAgoraFallback_UpstreamsFail_RequestsFollowTheChainAndQueuedRecordingsReachTheBucket()
    {
        await using var sandbox = await MedZenSandbox.UpAsync(Topologies.MedZenEstate);
        await AiChainAsync(sandbox);
        await AgoraFallbackAsync(sandbox);
    }

    private static async Task AiChainAsync(MedZenSandbox sandbox)
    {
        var ai = new Uri(sandbox.Settings["LIFELINE_SANDBOX_AI_CHAT_EU_WEST_1_URL"]);
        Task<(int Status, JsonElement Body)> InvokeAsync() => MedZenSandbox.CallAsync(ai, HttpMethod.Post, "/invoke");

        // Given eu-west-1's Bedrock fails: the AI API fails
        Assert.Equal("eu-west-1", (await InvokeAsync()).Body.GetProperty("region").GetString());
        await sandbox.FaultAsync(SandboxManager.UpstreamDown, "bedrock-eu-west-1");
        Assert.Equal(502, (await InvokeAsync()).Status);

        // When the failover runs, requests succeed through us-east-1
        var first = await sandbox.DrillAsync("ai-service-failover", Quick);
        Assert.True(first.Report is { Status: "succeeded" }, MedZenSandbox.Describe(first));
        var (status, body) = await InvokeAsync();
        Assert.Equal((200, "us-east-1"), (status, body.GetProperty("region").GetString()));

        // When us-east-1 fails too and the failover runs with the next region of the chain, they succeed through af-south-1
        await sandbox.FaultAsync(SandboxManager.UpstreamDown, "bedrock-us-east-1");
        Assert.Equal(502, (await InvokeAsync()).Status);
        var second = await sandbox.DrillAsync("ai-service-failover", new Dictionary<string, string>(Quick) { ["bedrock-region"] = "af-south-1" });
        Assert.True(second.Report is { Status: "succeeded" }, MedZenSandbox.Describe(second));
        (status, body) = await InvokeAsync();
        Assert.Equal((200, "af-south-1"), (status, body.GetProperty("region").GetString()));

        // When Bedrock recovers and the rollback runs, eu-west-1 is restored
        await sandbox.FaultAsync(SandboxManager.UpstreamUp, "bedrock");
        var rollback = await sandbox.DrillAsync("ai-service-rollback");
        Assert.True(rollback.Report is { Status: "succeeded" }, MedZenSandbox.Describe(rollback));
        (status, body) = await InvokeAsync();
        Assert.Equal((200, "eu-west-1"), (status, body.GetProperty("region").GetString()));
    }

    private static async Task AgoraFallbackAsync(MedZenSandbox sandbox)
    {
        var meetings = new Uri(sandbox.Settings["LIFELINE_SANDBOX_MEETINGS_EU_WEST_1_URL"]);
        var bucket = sandbox.Settings["LIFELINE_SANDBOX_RECORDINGS_DIR"];

        // Given Chime is wholly unavailable: new meetings fail and a recording is queued
        await sandbox.FaultAsync(SandboxManager.UpstreamDown, "chime");
        Assert.Equal(503, (await MedZenSandbox.CallAsync(meetings, HttpMethod.Post, "/meetings")).Status);
        Assert.True((await MedZenSandbox.CallAsync(meetings, HttpMethod.Post, "/meetings/m1/recordings")).Body.GetProperty("queued").GetBoolean());

        // When the Agora fallback runs and its fallback phase is done (the meeting manager restarted with each setting,
        // the in-app message delivered; the recovery phase waits for Chime)
        var recovery = new PhaseStartedObserver("recovery");
        var drill = sandbox.DrillAsync("chime-agora-fallback", new Dictionary<string, string>(Quick) { ["recovery-wait"] = "5m" }, recovery);
        if (await Task.WhenAny(recovery.Started, drill) == drill)
        {
            Assert.Fail("the drill ended before its recovery phase: " + MedZenSandbox.Describe(await drill));
        }

        await UntilAsync(async () => (await MedZenSandbox.CallAsync(meetings, HttpMethod.Get, "/notice")).Body.GetProperty("text").GetString()!.Length > 0);

        // Then new meetings use Agora and carry the in-app message, the runbook's user notification with its workaround;
        // their recordings wait in the queue, not the bucket
        var (created, meeting) = await MedZenSandbox.CallAsync(meetings, HttpMethod.Post, "/meetings");
        Assert.Equal(201, created);
        Assert.Equal("agora", meeting.GetProperty("provider").GetString());
        var notice = meeting.GetProperty("notice").GetString()!;
        Assert.StartsWith("MedZen Service Update", notice, StringComparison.Ordinal);
        Assert.Contains("\nWorkaround: New video calls use our backup provider; if a call does not connect, leave it and join again from the appointment page.", notice, StringComparison.Ordinal);
        var id = meeting.GetProperty("id").GetString();
        Assert.True((await MedZenSandbox.CallAsync(meetings, HttpMethod.Post, $"/meetings/{id}/recordings")).Body.GetProperty("queued").GetBoolean());
        Assert.False(Directory.EnumerateFiles(bucket, "*.rec", SearchOption.AllDirectories).Any());

        // When Chime recovers, the plan goes back to Chime and the queued recordings reach the bucket
        await sandbox.FaultAsync(SandboxManager.UpstreamUp, "chime");
        var outcome = await drill;
        Assert.True(outcome.Report is { Status: "succeeded" }, MedZenSandbox.Describe(outcome));
        var uploaded = Directory.EnumerateFiles(bucket, "*.rec", SearchOption.AllDirectories).Select(f => Path.GetFileName(Path.GetDirectoryName(f))).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(((string?[])["m1", id]).Order(StringComparer.Ordinal), uploaded);
        Assert.Equal("chime", (await MedZenSandbox.CallAsync(meetings, HttpMethod.Post, "/meetings")).Body.GetProperty("provider").GetString());
    }

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(120);
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "condition not met within 120 s");
            await Task.Delay(250);
        }
    }
}
