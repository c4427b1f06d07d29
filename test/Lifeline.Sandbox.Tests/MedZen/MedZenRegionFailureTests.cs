using System.Globalization;
using Lifeline.Sandbox.Environment;
using Npgsql;

namespace Lifeline.Sandbox.Tests.MedZen;

/// <summary>The runbook's scenario 1 (EHRbase primary failure in af-south-1) as a drill on a real three-region sandbox.</summary>
public sealed class MedZenRegionFailureTests
{
    [Fact]
    public async Task Drill_AfSouth1Killed_ReplicaPromotedDrScaledDnsMovedAndStatusServed()
    {
        // Given the sandbox, with a patient written through ehr before the region goes
        await using var sandbox = await MedZenSandbox.UpAsync(MedZenSandbox.FixtureEstate);
        var port = int.Parse(sandbox.Settings["LIFELINE_SANDBOX_EHRBASE_PORT"], CultureInfo.InvariantCulture);
        Assert.Equal(201, (await sandbox.CallAsync("dns", "ehr", port, HttpMethod.Post, "/patients", new { name = "before" })).Status);

        // When af-south-1 is lost and the failover runs as a drill
        await sandbox.FaultAsync(SandboxManager.KillSite, "af-south-1");
        var outcome = await sandbox.DrillAsync("ehr-failover");

        // Then the eu-west-1 replica is the writable primary, ehr answers with the DR service's four instances, each
        // serving /ehrbase/rest/status over a writable database, and writes through ehr succeed
        Assert.True(outcome.Report is { Status: "succeeded" }, outcome.Error ?? outcome.Report?.Status);
        await using (var connection = new NpgsqlConnection(
            $"Host=127.0.0.1;Port={sandbox.Settings["LIFELINE_SANDBOX_EHRDB_REPLICA_PORT"]};Database=ehrbase;Username={sandbox.Settings["LIFELINE_SANDBOX_EHRDB_USER"]};Password={sandbox.Settings["LIFELINE_SECRET_SANDBOX_EHRDB_PASSWORD"]};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select pg_is_in_recovery()", connection);
            Assert.Equal(false, await command.ExecuteScalarAsync());
        }

        var addresses = await sandbox.ResolveAsync("dns", "ehr");
        Assert.Equal(["127.0.2.10", "127.0.2.11", "127.0.2.12", "127.0.2.13"], addresses.Order(StringComparer.Ordinal));
        foreach (var address in addresses)
        {
            var (status, body) = await MedZenSandbox.CallAsync(new Uri($"http://{address}:{port}"), HttpMethod.Get, "/ehrbase/rest/status");
            Assert.Equal(200, status);
            Assert.True(body.GetProperty("writable").GetBoolean());
        }

        Assert.Equal(201, (await sandbox.CallAsync("dns", "ehr", port, HttpMethod.Post, "/patients", new { name = "after" })).Status);
    }
}
