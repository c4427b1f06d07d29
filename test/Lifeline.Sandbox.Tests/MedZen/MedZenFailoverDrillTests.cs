using System.Globalization;
using Lifeline.Sandbox.Environment;

namespace Lifeline.Sandbox.Tests.MedZen;

/// <summary>
/// More of the MedZen example's plans as drills on its own sandbox (examples/medzen), several plans sharing one sandbox
/// where they do not conflict: the Chime media-region switch then the EHRbase failover, and the eu-west-1 region failure.
/// </summary>
public sealed class MedZenFailoverDrillTests
{
    [Fact]
    public async Task ChimeMediaAndEhrbaseFailover_MediaRegionAndEhrPrimaryDown_NewMeetingsInUsEast1AndEhrServedFromEuWest1()
    {
        await using var sandbox = await MedZenSandbox.UpAsync(Topologies.MedZenEstate);
        await ChimeMediaFailoverAsync(sandbox);
        await EhrbaseFailoverAsync(sandbox);
    }

    [Fact]
    public async Task RegionFailureEuWest1_SiteKilled_AiServedFromUsEast1AndEhrKeepsWritingInAfSouth1WithReplicaWarning()
    {
        // Given the MedZen sandbox with eu-west-1 lost: its AI function, meeting manager, EHRbase DR and read replica
        await using var sandbox = await MedZenSandbox.UpAsync(Topologies.MedZenEstate);
        var ehrPort = int.Parse(sandbox.Settings["LIFELINE_SANDBOX_EHRBASE_PORT"], CultureInfo.InvariantCulture);
        var aiPort = int.Parse(sandbox.Settings["LIFELINE_SANDBOX_AI_GATEWAY_PORT"], CultureInfo.InvariantCulture);
        Assert.Equal((200, "eu-west-1"), await AiAsync(sandbox, aiPort));
        await sandbox.FaultAsync(SandboxManager.KillSite, "eu-west-1");

        // When region-failure-eu-west-1 runs, pointing ai at the us-east-1 API's name
        var outcome = await sandbox.DrillAsync("region-failure-eu-west-1", new Dictionary<string, string>
        {
            ["criteria-window"] = "1s",
            ["check-timeout"] = "2s",
            ["replica-wait"] = "5s",
            ["ai-fallback-target"] = "ai-us-east-1." + sandbox.Settings["LIFELINE_SANDBOX_PDNS_ZONE"],
        });

        // Then the run succeeded with the readiness warning that EHRbase has no read replica
        Assert.True(outcome.Report is { Status: "succeeded" }, MedZenSandbox.Describe(outcome));
        Assert.Equal("failed", Assert.Single(outcome.Report!.Steps, s => s.Id == "replica-warning").Status);

        // And clients of ai are answered by the us-east-1 function through us-east-1's Bedrock
        Assert.Equal((200, "us-east-1"), await AiAsync(sandbox, aiPort));

        // And EHRbase still serves and takes writes in af-south-1 through ehr
        var ehr = await sandbox.ResolveAsync("pdns", "ehr");
        Assert.All(ehr, address => Assert.StartsWith("127.0.1.", address, StringComparison.Ordinal));
        Assert.Equal(201, (await sandbox.CallAsync("pdns", "ehr", ehrPort, HttpMethod.Post, "/patients", new { name = "during" })).Status);
    }

    /// <summary>An AI request through ai in the zone, as the app makes it: its status and the Bedrock region that answered.</summary>
    private static async Task<(int Status, string? Region)> AiAsync(MedZenSandbox sandbox, int port)
    {
        var (status, body) = await sandbox.CallAsync("pdns", "ai", port, HttpMethod.Post, "/invoke");
        return (status, status == 200 ? body.GetProperty("region").GetString() : null);
    }

    private static async Task ChimeMediaFailoverAsync(MedZenSandbox sandbox)
    {
        var meetings = new Uri(sandbox.Settings["LIFELINE_SANDBOX_MEETINGS_EU_WEST_1_URL"]);

        // Given Chime's eu-west-1 media region fails: the meetings API is unhealthy and new meetings fail
        await sandbox.FaultAsync(SandboxManager.UpstreamDown, "chime-eu-west-1");
        Assert.Equal(503, (await MedZenSandbox.CallAsync(meetings, HttpMethod.Post, "/meetings")).Status);

        // When chime-media-failover runs with us-east-1 as the media region
        var outcome = await sandbox.DrillAsync("chime-media-failover", new Dictionary<string, string> { ["criteria-window"] = "1s", ["media-region"] = "us-east-1", ["check-timeout"] = "2s" });

        // Then the meeting manager's MEDIA_REGION is us-east-1 and new meetings are created through Chime there
        Assert.True(outcome.Report is { Status: "succeeded" }, MedZenSandbox.Describe(outcome));
        var (health, state) = await MedZenSandbox.CallAsync(meetings, HttpMethod.Get, "/health");
        Assert.Equal((200, "us-east-1"), (health, state.GetProperty("media_region").GetString()));
        var (created, meeting) = await MedZenSandbox.CallAsync(meetings, HttpMethod.Post, "/meetings");
        Assert.Equal(201, created);
        Assert.Equal(("chime", "us-east-1"), (meeting.GetProperty("provider").GetString(), meeting.GetProperty("media_region").GetString()));
    }

    private static async Task EhrbaseFailoverAsync(MedZenSandbox sandbox)
    {
        // Given a patient written through ehr, then EHRbase in af-south-1 down (its database still runs)
        var port = int.Parse(sandbox.Settings["LIFELINE_SANDBOX_EHRBASE_PORT"], CultureInfo.InvariantCulture);
        Assert.Equal(201, (await sandbox.CallAsync("pdns", "ehr", port, HttpMethod.Post, "/patients", new { name = "before" })).Status);
        await sandbox.FaultAsync(SandboxManager.Kill, "ehrbase-af-south-1");

        // When ehrbase-failover runs
        var outcome = await sandbox.DrillAsync("ehrbase-failover", new Dictionary<string, string> { ["criteria-window"] = "1s", ["check-timeout"] = "2s" });

        // Then the af-south-1 database is fenced, the eu-west-1 replica is the one writable primary with the patient,
        // ehr answers with the DR service's four instances, each serving /ehrbase/rest/status writable, and writes succeed
        Assert.True(outcome.Report is { Status: "succeeded" }, MedZenSandbox.Describe(outcome));
        Assert.Equal((false, 1L), await sandbox.EhrDatabasePatientsAsync("replica", "before"));

        // (fenced: it refuses connections or takes no writes)
        Assert.False(await sandbox.EhrDatabaseWritableAsync("primary"), "the af-south-1 database still takes writes after the failover");
        await sandbox.AssertEhrServedFromEuWest1Async(port);
    }
}
