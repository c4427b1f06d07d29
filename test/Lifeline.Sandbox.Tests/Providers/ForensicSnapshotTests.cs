using System.Diagnostics;
using System.Security.Cryptography;
using Lifeline.Providers.LocalVolume;
using Lifeline.Providers.Postgres;

namespace Lifeline.Sandbox.Tests.Providers;

/// <summary>Forensic snapshots on the real sandbox: pg_dump of the primary, tar of a service's directory, each hashed.</summary>
public sealed class ForensicSnapshotTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private readonly TestStep _step = new();

    private string Evidence => Path.Combine(sandbox.Directory, "evidence");

    [Fact]
    public async Task DatabaseSnapshot_Primary_DumpExistsHashVerifiesAndASecondRunKeepsIt()
    {
        // Given the primary's binding with an evidence directory
        var settings = new Dictionary<string, string>(sandbox.PostgresSettings("LIFELINE_SANDBOX_PG_PRIMARY_PORT")) { ["snapshot-dir"] = Evidence };
        var provider = new PostgresProvider(TimeProvider.System);
        var inputs = new Dictionary<string, string> { ["name"] = "forensic-test" };

        // When a snapshot is taken, then asked for again under the same name
        var first = await provider.ExecuteAsync(_step.Operation("database.snapshot", settings, inputs), CancellationToken.None);
        var second = await provider.ExecuteAsync(_step.Operation("database.snapshot", settings, inputs), CancellationToken.None);

        // Then the dump exists, its content hash is the one reported and recorded beside it, pg_restore can read it
        Assert.True(first.Succeeded, first.Error);
        var dump = Path.Combine(Evidence, "forensic-test.dump");
        Assert.Equal(Sha256(dump), first.Outputs["sha256"]);
        Assert.StartsWith(first.Outputs["sha256"] + "  forensic-test.dump", await File.ReadAllTextAsync(dump + ".sha256"), StringComparison.Ordinal);
        Assert.Contains($"sha256 {first.Outputs["sha256"]}", first.Outputs["evidence"], StringComparison.Ordinal);
        var (exit, listing) = await RunAsync("/usr/lib/postgresql/15/bin/pg_restore", "--list", dump);
        Assert.True(exit == 0, listing);
        Assert.Contains("TABLE public patients", listing, StringComparison.Ordinal);

        // And the second run returned the same snapshot instead of taking another
        Assert.True(second.Succeeded, second.Error);
        Assert.Equal(first.Outputs["sha256"], second.Outputs["sha256"]);
    }

    [Fact]
    public async Task VolumeSnapshot_ServiceDirectory_ArchiveExistsHashVerifiesAndHoldsTheDefinition()
    {
        // Given the DR portal's service directory as a volume
        var settings = new Dictionary<string, string>
        {
            ["path"] = Path.Combine(sandbox.Directory, "services", "portal-dr"),
            ["snapshot-dir"] = Evidence,
        };

        // When it is snapshotted
        var outcome = await new LocalVolumeProvider(TimeProvider.System).ExecuteAsync(
            _step.Operation("volume.snapshot", settings, new Dictionary<string, string> { ["description"] = "test" }), CancellationToken.None);

        // Then the archive exists, its hash verifies with sha256sum -c, and it holds the service definition
        Assert.True(outcome.Succeeded, outcome.Error);
        var archive = Path.Combine(Evidence, outcome.Outputs["snapshot"] + ".tar");
        Assert.Equal(Sha256(archive), outcome.Outputs["sha256"]);
        var (check, checkOutput) = await RunAsync("sha256sum", "-c", archive + ".sha256", Evidence);
        Assert.True(check == 0, checkOutput);
        var (exit, listing) = await RunAsync("tar", "-tf", archive);
        Assert.True(exit == 0, listing);
        Assert.Contains("./service.json", listing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VolumeSnapshot_EvidenceInsideTheVolume_Refused()
    {
        var volume = Path.Combine(sandbox.Directory, "services", "portal-dr");
        var settings = new Dictionary<string, string> { ["path"] = volume, ["snapshot-dir"] = Path.Combine(volume, "evidence") };

        var outcome = await new LocalVolumeProvider(TimeProvider.System).ExecuteAsync(_step.Operation("volume.snapshot", settings), CancellationToken.None);

        Assert.Equal($"local-volume: snapshot-dir {volume}/evidence is inside the volume {volume}; expected a directory outside it", outcome.Error);
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string argument, string path, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName, [argument, path]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? "" };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
