using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Lifeline.Cli.Tests.Support;

namespace Lifeline.Cli.Tests.Commands;

/// <summary>
/// The Axis runbook's scenarios 3 (application failure) and 4 (security incident) as drills on the real sandbox, through
/// the real CLI, each with its fault, asserting the effect on what the sandbox serves.
/// </summary>
public sealed class AxisIncidentDrillTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "lifeline-axis-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public AxisIncidentDrillTests() => Directory.CreateDirectory(_work);

    private string Sandbox => Path.Combine(_work, "sandbox");

    private string State => Path.Combine(_work, "state.db");

    [Fact]
    public async Task Drill_ApplicationFailureWithABrokenRevision_RollbackServesThePreviousRevision()
    {
        // Given a sandbox whose primary backend runs a broken release (revision 2) that fails its health check
        await UpAsync();
        try
        {
            var fault = await CliProcess.RunAsync(RepositoryPaths.Root, "sandbox", "fault", "deploy-broken", "portal-primary", "--dir", Sandbox);
            Assert.True(fault.ExitCode == 0, fault.Stdout + fault.Stderr);
            var primary = Setting("LIFELINE_SANDBOX_PORTAL_PRIMARY_URL");
            // (the fault deploys without waiting: the broken release answers once its instances have started)
            Assert.Equal("2", (await VersionOnceUpAsync(primary)).GetProperty("revision").GetString());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _http.GetAsync(new Uri($"{primary}/health"))).StatusCode);

            // When the application-failure plan runs as a drill on its rollback path
            var (exit, stdout, stderr) = await CliProcess.RunAsync(
                RepositoryPaths.Root,
                ["run", "application-failure", "--estate", "examples/axis-imaging", "--mode", "drill", "--input", "deploy=service.rollback", "--state", State, "--output", "json"],
                Env());

            // Then it succeeds, having rolled back to revision 1, which the primary now serves, healthy
            Assert.True(exit == 0, $"run exited {exit}\n{stdout}\n{stderr}");
            var steps = Steps(stdout);
            Assert.Equal("portal-primary:2", steps["deploy"].GetProperty("outputs").GetProperty("from").GetString());
            Assert.Equal("portal-primary:1", steps["deploy"].GetProperty("outputs").GetProperty("task_definition").GetString());
            Assert.Equal("2", steps["scale-up"].GetProperty("outputs").GetProperty("healthy").GetString());
            var served = await _http.GetFromJsonAsync<JsonElement>($"{primary}/version");
            Assert.Equal("1", served.GetProperty("revision").GetString());
            Assert.False(served.GetProperty("broken").GetBoolean());
            Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(new Uri($"{primary}/health"))).StatusCode);
        }
        finally
        {
            await DownAsync();
        }
    }

    [Fact]
    public async Task Drill_SecurityIncident_IsolatesKeepsHashedEvidenceAndRecoversCleanOnlyAfterTheCiso()
    {
        // Given a sandbox whose primary site was breached (an intruder's file on the backend's volume)
        await UpAsync();
        var table = Setting("LIFELINE_SANDBOX_NFT_TABLE");
        try
        {
            var fault = await CliProcess.RunAsync(RepositoryPaths.Root, "sandbox", "fault", "breach", "primary", "--dir", Sandbox);
            Assert.True(fault.ExitCode == 0, fault.Stdout + fault.Stderr);

            // When the security-incident plan runs as a drill
            var (exit, stdout, stderr) = await CliProcess.RunAsync(
                RepositoryPaths.Root,
                ["run", "security-incident", "--estate", "examples/axis-imaging", "--mode", "drill", "--input", "known-good-revision=1", "--state", State, "--output", "json"],
                Env());

            // Then it isolates and takes its evidence, then waits for the CISO before any recovery
            Assert.True(exit == 3, $"run exited {exit}\n{stdout}\n{stderr}");
            var parked = JsonDocument.Parse(stdout).RootElement;
            var runId = parked.GetProperty("run_id").GetString()!;
            var waiting = Steps(stdout);
            Assert.Equal("waiting", waiting["ciso-approval"].GetProperty("status").GetString());
            Assert.Equal("pending", waiting["deploy-known-good"].GetProperty("status").GetString());

            // And only the CISO may approve: the on-call engineer is refused
            var refused = await CliProcess.RunAsync(RepositoryPaths.Root, ["runs", "approve", runId, "ciso-approval", "--as", "on-call", "--state", State], Env());
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("'on-call' may not decide step 'ciso-approval'", refused.Stderr, StringComparison.Ordinal);
            var approved = await CliProcess.RunAsync(
                RepositoryPaths.Root, ["runs", "approve", runId, "ciso-approval", "--as", "ciso", "--reason", "evidence secured", "--state", State, "--output", "json"], Env());
            Assert.True(approved.ExitCode == 0, $"approve exited {approved.ExitCode}\n{approved.Stdout}\n{approved.Stderr}");
            var steps = Steps(approved.Stdout);

            // Then port 443 at the primary site (the portal's port there) no longer answers, even for a new listener
            var port = int.Parse(Setting("LIFELINE_SANDBOX_PORTAL_PORT"), System.Globalization.CultureInfo.InvariantCulture);
            using (var listener = new TcpListener(IPAddress.Parse("127.0.1.10"), port))
            {
                listener.Start();
                Assert.False(await ConnectsAsync("127.0.1.10", port), "the primary site still answers on its 443");
            }

            // And both snapshots exist, their hashes verify, and each is recorded on the run's timeline with its hash
            var database = steps["snapshot-database"].GetProperty("outputs");
            var volume = steps["snapshot-volume"].GetProperty("outputs");
            var dump = Path.Combine(Setting("LIFELINE_SANDBOX_EVIDENCE_DIR"), database.GetProperty("snapshot").GetString() + ".dump");
            var archive = Path.Combine(Setting("LIFELINE_SANDBOX_EVIDENCE_DIR"), volume.GetProperty("snapshot").GetString() + ".tar");
            Assert.Equal(database.GetProperty("sha256").GetString(), Sha256(dump));
            Assert.Equal(volume.GetProperty("sha256").GetString(), Sha256(archive));
            var (tarExit, listing) = await ToolAsync("tar", "-tf", archive);
            Assert.True(tarExit == 0, listing);
            Assert.Contains("./intruder-artefact.txt", listing, StringComparison.Ordinal);
            var timeline = (await CliProcess.RunAsync(RepositoryPaths.Root, "runs", "show", runId, "--events", "--state", State)).Stdout;
            Assert.Contains($"sha256 {database.GetProperty("sha256").GetString()}", timeline, StringComparison.Ordinal);
            Assert.Contains($"sha256 {volume.GetProperty("sha256").GetString()}", timeline, StringComparison.Ordinal);
            Assert.Equal("ciso", steps["ciso-approval"].GetProperty("outputs").GetProperty("approved_by").GetString());

            // And the clean environment in the DR region serves the known-good revision
            var dr = await _http.GetFromJsonAsync<JsonElement>($"{Setting("LIFELINE_SANDBOX_PORTAL_DR_URL")}/version");
            Assert.Equal("1", dr.GetProperty("revision").GetString());
            Assert.Equal("dr", dr.GetProperty("site").GetString());
            Assert.Equal("succeeded", JsonDocument.Parse(approved.Stdout).RootElement.GetProperty("status").GetString());
        }
        finally
        {
            await DownAsync();
        }

        // And sandbox down took the firewall's table with it
        var (_, tables) = await ToolAsync("nft", "list", "tables");
        Assert.DoesNotContain(table, tables, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _http.Dispose();
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Dictionary<string, string> Env() => new() { ["LIFELINE_SANDBOX_DIR"] = Sandbox };

    private async Task UpAsync()
    {
        var up = await CliProcess.RunAsync(RepositoryPaths.Root, "sandbox", "up", "--dir", Sandbox);
        Assert.True(up.ExitCode == 0, up.Stdout + up.Stderr);
    }

    private async Task DownAsync()
    {
        var down = await CliProcess.RunAsync(RepositoryPaths.Root, "sandbox", "down", "--dir", Sandbox);
        Assert.True(down.ExitCode == 0, down.Stdout + down.Stderr);
    }

    private string Setting(string name) =>
        File.ReadAllLines(Path.Combine(Sandbox, "sandbox.env")).Select(l => l.Split('=', 2)).Single(p => p[0] == name)[1];

    private static Dictionary<string, JsonElement> Steps(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);

    private static async Task<(int ExitCode, string Output)> ToolAsync(string fileName, params string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(fileName, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private async Task<JsonElement> VersionOnceUpAsync(string url)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddMinutes(1);
        while (true)
        {
            try
            {
                return await _http.GetFromJsonAsync<JsonElement>($"{url}/version");
            }
            // A refused connection, or a request that a just-started instance has not answered within the client's
            // 10 s (its first request compiles the whole pipeline, which on a loaded CI run took longer): not up yet.
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && TimeProvider.System.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static async Task<bool> ConnectsAsync(string address, int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await client.ConnectAsync(IPAddress.Parse(address), port, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
