using Lifeline.Cli.Tests.Support;

namespace Lifeline.Cli.Tests.Commands;

/// <summary>
/// Only drills read a sandbox's settings, and only the sandbox they are given (<c>--sandbox</c>, else the default one);
/// every other run reads the process environment alone, whatever sandbox runs on the machine.
/// </summary>
public sealed class DrillSandboxTests : IDisposable
{
    private const string Estate = """
        estate: echo
        profiles: [production, sandbox]
        sites:
          here: { role: primary }
        resources:
          portal:
            kind: dns-record
            site: here
            bindings:
              production: { provider: noop }
              sandbox: { provider: noop }
        """;

    private const string Plan = """
        scenario: echo
        severity: P3
        phases:
          - id: one
            name: One
            budget: 1h
            steps:
              - { id: say, shell: { argv: [echo, "${{ env.LIFELINE_TEST_ONLY_IN_SANDBOX_ENV }}"] } }
        """;

    private readonly string _work = Path.Combine(Path.GetTempPath(), "lifeline-drill-sandbox-" + Guid.NewGuid().ToString("N")[..8]);

    public DrillSandboxTests()
    {
        Directory.CreateDirectory(Path.Combine(_work, "estate", "plans"));
        File.WriteAllText(Path.Combine(_work, "estate", "estate.yaml"), Estate);
        File.WriteAllText(Path.Combine(_work, "estate", "plans", "echo.yaml"), Plan);
    }

    [Fact]
    public async Task Run_LiveWhileASandboxEnvFileHoldsTheVariable_ReadsOnlyTheProcessEnvironment()
    {
        // Given a sandbox directory whose sandbox.env holds the variable the plan reads (and LIFELINE_SANDBOX_DIR naming it)
        var sandbox = Path.Combine(_work, "sandbox");
        Directory.CreateDirectory(sandbox);
        File.WriteAllText(Path.Combine(sandbox, "sandbox.env"), "LIFELINE_TEST_ONLY_IN_SANDBOX_ENV=from-the-sandbox\n");

        // When a live run starts
        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            _work,
            ["run", "echo", "--estate", "estate", "--mode", "live", "--yes", "--state", Path.Combine(_work, "state.db")],
            new Dictionary<string, string> { ["LIFELINE_SANDBOX_DIR"] = sandbox });

        // Then the variable is not set for it: nothing starts, and the sandbox's value appears nowhere
        Assert.Equal(2, exit);
        Assert.Contains("environment variable LIFELINE_TEST_ONLY_IN_SANDBOX_ENV is not set", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("from-the-sandbox", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DryRunWithSandbox_IsRefusedAsForDrillsOnly()
    {
        // When a dry-run names a sandbox
        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            _work, "run", "echo", "--estate", "estate", "--mode", "dry-run", "--sandbox", Path.Combine(_work, "sandbox"), "--state", Path.Combine(_work, "state.db"));

        // Then it is refused in one line
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("--sandbox is for drills", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DrillWithNamedSandboxNotRunning_RefusesBeforeRecordingAnything()
    {
        // When a drill names a sandbox that does not run
        var missing = Path.Combine(_work, "no-sandbox");
        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            _work, "run", "echo", "--estate", "estate", "--mode", "drill", "--sandbox", missing, "--state", Path.Combine(_work, "state.db"));

        // Then it says so and how to start one, and nothing is recorded
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains($"no sandbox at {missing}", stderr, StringComparison.Ordinal);
        Assert.Contains("lifeline sandbox up", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_work, "state.db")), "nothing may be recorded for a drill without its sandbox");
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
}
