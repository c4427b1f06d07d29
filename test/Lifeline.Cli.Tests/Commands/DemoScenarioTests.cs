using System.Text.Json;
using Lifeline.Cli.Tests.Support;

namespace Lifeline.Cli.Tests.Commands;

/// <summary>
/// <c>lifeline demo --scenario NAME</c>: the estate's drill scenarios run on a real sandbox (PostgreSQL, PowerDNS, portal
/// processes on loopback) through the real CLI, measured, and torn down.
/// </summary>
public sealed class DemoScenarioTests : IDisposable
{
    private const string Fixture = "test/Lifeline.Cli.Tests/Commands/DemoScenarioEstate";
    private readonly string _work = Path.Combine(Path.GetTempPath(), "lifeline-demoscn-" + Guid.NewGuid().ToString("N")[..8]);

    public DemoScenarioTests() => Directory.CreateDirectory(_work);

    [Fact]
    public async Task Demo_ScenarioRegionFailover_ReportsWhatThePlainDemoReports()
    {
        // When the Axis region failover is asked for by name
        var json = Path.Combine(_work, "demo.json");
        var sandbox = Path.Combine(_work, "sandbox");
        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            RepositoryPaths.Root, "demo", "--scenario", "region-failover", "--json", json, "--dir", sandbox, "--state", Path.Combine(_work, "state.db"));

        // Then it is the demo's drill, with the demo's report and JSON fields, and the sandbox is gone afterwards
        Assert.True(exit == 0, $"demo exited {exit}\n{stdout}\n{stderr}");
        var report = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.Equal("succeeded", report.GetProperty("status").GetString());
        Assert.Equal("region-failover", report.GetProperty("scenario").GetString());
        Assert.Equal("region-failover", report.GetProperty("drill").GetString());
        Assert.True(report.GetProperty("rto").GetProperty("achieved_s").GetDouble() > 0);
        Assert.Equal("fault", report.GetProperty("rto").GetProperty("from").GetString());
        Assert.Equal("validated", report.GetProperty("rto").GetProperty("to").GetString());
        Assert.True(report.GetProperty("rto").TryGetProperty("client_downtime_s", out _));
        Assert.True(report.GetProperty("rpo").GetProperty("acknowledged_writes").GetInt32() > 0);
        Assert.True(report.GetProperty("rpo").TryGetProperty("lost_writes", out _));
        Assert.Equal(JsonValueKind.Array, report.GetProperty("rpo").GetProperty("extra").ValueKind);
        Assert.Equal(5, report.GetProperty("phases").GetArrayLength());

        // And the file RPO (3.3) was measured on the uploads replicated to the DR store, against the fault, within the
        // 1 h objective: no more than the replication lag and the store's whole-second times behind it
        var extra = report.GetProperty("rpo").GetProperty("extra").EnumerateArray().ToDictionary(e => e.GetProperty("what").GetString()!);
        Assert.Equal("files-survived", extra["files"].GetProperty("step").GetString());
        Assert.Equal(3600, extra["files"].GetProperty("objective_s").GetDouble());
        Assert.InRange(extra["files"].GetProperty("achieved_s").GetDouble(), 0, 60);
        Assert.True(extra.ContainsKey("audit"), "the audit-log RPO is reported beside the file RPO");
        Assert.Equal(0, report.GetProperty("before").GetArrayLength());
        Assert.StartsWith("INC-", report.GetProperty("incident_id").GetString(), StringComparison.Ordinal);
        Assert.Contains("# Drill report: region-failover (succeeded)", stdout, StringComparison.Ordinal);
        Assert.Contains("| RTO (fault → validated) |", stdout, StringComparison.Ordinal);
        Assert.Contains("demo: fault injected: kill-site primary:", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(sandbox), "the demo must take its sandbox down");
    }

    [Fact]
    public async Task Demo_MedZenEstate_RunsTheAfSouth1RegionFailureMeasured()
    {
        // When MedZen's estate is drilled with no scenario named (its first: the af-south-1 region failure)
        var json = Path.Combine(_work, "demo.json");
        var sandbox = Path.Combine(_work, "sandbox");
        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            RepositoryPaths.Root, "demo", "--estate", "examples/medzen", "--json", json, "--dir", sandbox, "--state", Path.Combine(_work, "state.db"));

        // Then the three-region sandbox failed over to eu-west-1, measured against MedZen's objectives, and came down
        Assert.True(exit == 0, $"demo exited {exit}\n{stdout}\n{stderr}");
        var report = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.Equal("succeeded", report.GetProperty("status").GetString());
        Assert.Equal("region-failure-af-south-1", report.GetProperty("scenario").GetString());
        Assert.True(report.GetProperty("rto").GetProperty("achieved_s").GetDouble() > 0);
        Assert.True(report.GetProperty("rpo").GetProperty("acknowledged_writes").GetInt32() > 0);
        Assert.Equal(0, report.GetProperty("rpo").GetProperty("lost_writes").GetInt32());
        Assert.Contains("demo: fault injected: kill-site af-south-1:", stderr, StringComparison.Ordinal);
        Assert.Contains("| RTO (fault → plan finished) |", stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(sandbox), "the demo must take its sandbox down");
    }

    [Fact]
    public async Task Demo_ScenarioAfterAnother_RunsBothInOrderInOneSandbox()
    {
        // Given an estate whose health-check scenario runs after web-crash (the web service killed, then restarted by its plan)
        var json = Path.Combine(_work, "demo.json");
        var sandbox = Path.Combine(_work, "sandbox");

        // When health-check is drilled
        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            RepositoryPaths.Root, "demo", "--estate", Fixture, "--scenario", "health-check", "--json", json, "--dir", sandbox, "--state", Path.Combine(_work, "state.db"));

        // Then web-crash ran first, with its fault and its input, and health-check after it, in the same sandbox
        Assert.True(exit == 0, $"demo exited {exit}\n{stdout}\n{stderr}");
        var crash = stderr.IndexOf("demo: scenario web-crash (before health-check): plan restart-web", StringComparison.Ordinal);
        var fault = stderr.IndexOf("demo: fault injected: kill web: SIGKILL web-primary", StringComparison.Ordinal);
        var check = stderr.IndexOf("demo: scenario health-check: plan confirm-web", StringComparison.Ordinal);
        Assert.True(crash >= 0 && fault > crash && check > fault, stderr);
        Assert.Equal(1, CountOf(stderr, "demo: sandbox up in"));
        Assert.Equal(1, CountOf(stderr, "pg_basebackup of pg-two"));
        Assert.Contains("wait=45s", stdout, StringComparison.Ordinal);

        // And each is measured: the crash from its fault, the planned check from its start, no acknowledged write lost
        var report = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.Equal("succeeded", report.GetProperty("status").GetString());
        Assert.Equal("health-check", report.GetProperty("drill").GetString());
        Assert.Equal("confirm-web", report.GetProperty("scenario").GetString());
        Assert.Equal("plan-start", report.GetProperty("rto").GetProperty("from").GetString());
        Assert.Equal(0, report.GetProperty("rpo").GetProperty("lost_writes").GetInt32());
        var before = Assert.Single(report.GetProperty("before").EnumerateArray());
        Assert.Equal("web-crash", before.GetProperty("drill").GetString());
        Assert.Equal("succeeded", before.GetProperty("status").GetString());
        Assert.Equal("fault", before.GetProperty("rto").GetProperty("from").GetString());
        Assert.True(before.GetProperty("rto").GetProperty("achieved_s").GetDouble() > 0);
        Assert.Equal(0, before.GetProperty("rpo").GetProperty("lost_writes").GetInt32());
        Assert.True(report.GetProperty("rpo").GetProperty("acknowledged_writes").GetInt32() > before.GetProperty("rpo").GetProperty("acknowledged_writes").GetInt32());
        Assert.True(DateTimeOffset.Parse(report.GetProperty("fault_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            > DateTimeOffset.Parse(before.GetProperty("fault_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("Run first, in the same sandbox: web-crash", stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(sandbox), "the demo must take its sandbox down");
    }

    [Fact]
    public async Task Demo_UnknownScenario_ListsTheKnownOnesAndStartsNothing()
    {
        var sandbox = Path.Combine(_work, "sandbox");

        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            RepositoryPaths.Root, "demo", "--estate", Fixture, "--scenario", "web-crsh", "--dir", sandbox, "--state", Path.Combine(_work, "state.db"));

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("no drill scenario 'web-crsh' in the estate's sandbox.scenarios (did you mean 'web-crash'?); expected one of: web-crash, health-check", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(sandbox), "nothing may start for an unknown scenario");
    }

    [Fact]
    public async Task DemoDryRun_ScenarioAfterAnother_SaysWhatWouldRunAndStartsNothing()
    {
        var sandbox = Path.Combine(_work, "sandbox");

        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            RepositoryPaths.Root, "demo", "--estate", Fixture, "--scenario", "health-check", "--dry-run", "--dir", sandbox, "--state", Path.Combine(_work, "state.db"));

        Assert.True(exit == 0, $"demo --dry-run exited {exit}\n{stdout}\n{stderr}");
        Assert.Contains("  web-crash: faults kill web; then plan restart-web as a drill, inputs wait=45s; acknowledged writes counted", stdout, StringComparison.Ordinal);
        Assert.Contains("  health-check: no fault (the RTO clock starts with the plan); then plan confirm-web as a drill; acknowledged writes counted", stdout, StringComparison.Ordinal);
        Assert.True(stdout.IndexOf("web-crash:", StringComparison.Ordinal) < stdout.IndexOf("health-check:", StringComparison.Ordinal));
        Assert.False(Directory.Exists(sandbox), "a dry run starts nothing");
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

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
