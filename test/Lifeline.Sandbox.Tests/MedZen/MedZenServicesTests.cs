using System.Globalization;
using Lifeline.Sandbox.Environment;

namespace Lifeline.Sandbox.Tests.MedZen;

/// <summary>
/// The MedZen runbook's AI and meeting scenarios as drills on a real three-region sandbox: model APIs failing per region,
/// the function's region switch and its rollback, the meeting service down, the fallback provider, the notice and the
/// recordings queue.
/// </summary>
public sealed class MedZenServicesTests
{
    [Fact]
    public async Task Drills_AiChainAndMeetingFallback_RequestsFollowTheSwitchAndQueuedRecordingsReachTheBucket()
    {
        await using var sandbox = await MedZenSandbox.UpAsync(MedZenSandbox.FixtureEstate);
        await AiChainAsync(sandbox);
        await MeetingFallbackAsync(sandbox);
    }

    private static async Task AiChainAsync(MedZenSandbox sandbox)
    {
        var port = int.Parse(sandbox.Settings["LIFELINE_SANDBOX_AI_CHAT_PORT"], CultureInfo.InvariantCulture);
        Task<(int Status, System.Text.Json.JsonElement Body)> InvokeAsync() => sandbox.CallAsync("dns", "ai", port, HttpMethod.Post, "/invoke");

        // Given the AI API answers through eu-west-1's function and model
        var (status, body) = await InvokeAsync();
        Assert.Equal(200, status);
        Assert.Equal("eu-west-1", body.GetProperty("region").GetString());

        // When eu-west-1's model API fails, requests fail; after the region switch they succeed through us-east-1
        await sandbox.FaultAsync(SandboxManager.UpstreamDown, "bedrock-eu-west-1");
        Assert.Equal(502, (await InvokeAsync()).Status);
        var toUsEast = await sandbox.DrillAsync("ai-region-switch", new Dictionary<string, string> { ["region"] = "us-east-1" });
        Assert.True(toUsEast.Report is { Status: "succeeded" }, toUsEast.Error ?? toUsEast.Report?.Status);
        (status, body) = await InvokeAsync();
        Assert.Equal(200, status);
        Assert.Equal(("eu-west-1", "us-east-1"), (body.GetProperty("site").GetString(), body.GetProperty("region").GetString()));

        // When us-east-1's model API fails too, the next switch in the chain goes through af-south-1
        await sandbox.FaultAsync(SandboxManager.UpstreamDown, "bedrock-us-east-1");
        Assert.Equal(502, (await InvokeAsync()).Status);
        var toAfSouth = await sandbox.DrillAsync("ai-region-switch", new Dictionary<string, string> { ["region"] = "af-south-1" });
        Assert.True(toAfSouth.Report is { Status: "succeeded" }, toAfSouth.Error ?? toAfSouth.Report?.Status);
        (status, body) = await InvokeAsync();
        Assert.Equal(200, status);
        Assert.Equal("af-south-1", body.GetProperty("region").GetString());

        // When the model APIs recover and the rollback runs, eu-west-1 serves with its own region again
        await sandbox.FaultAsync(SandboxManager.UpstreamUp, "bedrock");
        var rollback = await sandbox.DrillAsync("ai-rollback");
        Assert.True(rollback.Report is { Status: "succeeded" }, rollback.Error ?? rollback.Report?.Status);
        (status, body) = await InvokeAsync();
        Assert.Equal(200, status);
        Assert.Equal("eu-west-1", body.GetProperty("region").GetString());
    }

    private static async Task MeetingFallbackAsync(MedZenSandbox sandbox)
    {
        var meetings = new Uri(sandbox.Settings["LIFELINE_SANDBOX_MEETINGS_EU_WEST_1_URL"]);
        var bucket = sandbox.Settings["LIFELINE_SANDBOX_RECORDINGS_DIR"];

        // Given the meeting service is wholly unavailable: new meetings fail and a recording is queued
        await sandbox.FaultAsync(SandboxManager.UpstreamDown, "chime");
        Assert.Equal(503, (await MedZenSandbox.CallAsync(meetings, HttpMethod.Post, "/meetings")).Status);
        var (recorded, recording) = await MedZenSandbox.CallAsync(meetings, HttpMethod.Post, "/meetings/m1/recordings");
        Assert.Equal(202, recorded);
        Assert.True(recording.GetProperty("queued").GetBoolean());

        // When the fallback plan runs (it waits in its recovery phase for the media service)
        var drill = sandbox.DrillAsync("chime-fallback");
        await UntilAsync(async () => (await MedZenSandbox.CallAsync(meetings, HttpMethod.Get, "/health")).Status == 200 && (await MedZenSandbox.CallAsync(meetings, HttpMethod.Get, "/notice")).Body.GetProperty("text").GetString()!.Length > 0);

        // Then new meetings use the fallback provider and users get the in-app message; recordings wait in the queue
        var (created, meeting) = await MedZenSandbox.CallAsync(meetings, HttpMethod.Post, "/meetings");
        Assert.Equal(201, created);
        Assert.Equal("agora", meeting.GetProperty("provider").GetString());
        Assert.Contains("backup provider", meeting.GetProperty("notice").GetString(), StringComparison.Ordinal);
        var id = meeting.GetProperty("id").GetString();
        Assert.True((await MedZenSandbox.CallAsync(meetings, HttpMethod.Post, $"/meetings/{id}/recordings")).Body.GetProperty("queued").GetBoolean());
        Assert.Equal(2, (await MedZenSandbox.CallAsync(meetings, HttpMethod.Get, "/recordings")).Body.GetProperty("queued").GetInt32());
        Assert.False(Directory.Exists(bucket) && Directory.EnumerateFiles(bucket, "*.rec", SearchOption.AllDirectories).Any());

        // When the meeting service recovers, the plan puts the provider back and the queued recordings reach the bucket
        await sandbox.FaultAsync(SandboxManager.UpstreamUp, "chime");
        var outcome = await drill;
        Assert.True(outcome.Report is { Status: "succeeded" }, outcome.Error ?? outcome.Report?.Status);
        await UntilAsync(async () => (await MedZenSandbox.CallAsync(meetings, HttpMethod.Get, "/recordings")).Body.GetProperty("queued").GetInt32() == 0);
        var uploaded = Directory.EnumerateFiles(bucket, "*.rec", SearchOption.AllDirectories).Select(f => Path.GetFileName(Path.GetDirectoryName(f))).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(((string?[])["m1", id]).Order(StringComparer.Ordinal), uploaded);
        var (_, again) = await MedZenSandbox.CallAsync(meetings, HttpMethod.Post, "/meetings");
        Assert.Equal("chime", again.GetProperty("provider").GetString());
    }

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(90);
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "condition not met within 90 s");
            await Task.Delay(200);
        }
    }
}
