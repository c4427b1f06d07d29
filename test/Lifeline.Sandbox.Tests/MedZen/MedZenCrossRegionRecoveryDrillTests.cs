using System.Globalization;
using Lifeline.Sandbox.Environment;

namespace Lifeline.Sandbox.Tests.MedZen;

/// <summary>
/// The runbook's Scenario 4, Cross-Region Recovery (rds-cross-region-recovery), as a drill on the MedZen sandbox: the
/// af-south-1 database is lost, the eu-west-1 replica becomes the primary, and EHRbase stays in af-south-1 on it.
/// </summary>
public sealed class MedZenCrossRegionRecoveryDrillTests
{
    [Fact]
    public async Task RdsCrossRegionRecovery_PrimaryDatabaseKilled_EhrInAfSouth1ServesAndWritesOnThePromotedEuWest1Database()
    {
        // Given a patient written through ehr, then the af-south-1 database killed (EHRbase there still runs)
        await using var sandbox = await MedZenSandbox.UpAsync(Topologies.MedZenEstate);
        var port = int.Parse(sandbox.Settings["LIFELINE_SANDBOX_EHRBASE_PORT"], CultureInfo.InvariantCulture);
        Assert.Equal(201, (await sandbox.CallAsync("pdns", "ehr", port, HttpMethod.Post, "/patients", new { name = "before" })).Status);
        await sandbox.FaultAsync(SandboxManager.Kill, "db-primary");

        // When rds-cross-region-recovery runs
        var outcome = await sandbox.DrillAsync("rds-cross-region-recovery");

        // Then ehr still resolves to af-south-1, whose EHRbase answers and takes a write
        Assert.True(outcome.Report is { Status: "succeeded" }, MedZenSandbox.Describe(outcome));
        var addresses = await sandbox.ResolveAsync("pdns", "ehr");
        Assert.All(addresses, address => Assert.StartsWith("127.0.1.", address, StringComparison.Ordinal));
        Assert.Equal(200, (await sandbox.CallAsync("pdns", "ehr", port, HttpMethod.Get, "/ehrbase/rest/status")).Status);
        Assert.Equal(201, (await sandbox.CallAsync("pdns", "ehr", port, HttpMethod.Post, "/patients", new { name = "after" })).Status);

        // And both patients are on the eu-west-1 database, now the one writable primary; the old one stays fenced
        Assert.Equal((false, 2L), await sandbox.EhrDatabasePatientsAsync("replica", "before", "after"));
        Assert.False(await sandbox.EhrDatabaseWritableAsync("primary"), "the af-south-1 database takes writes after the promotion");
    }
}
