using System.Text.Json;
using Lifeline.Core.Providers;
using Lifeline.Providers.Shell;

namespace Lifeline.Providers.Tests.Shell;

public sealed class ShellProviderTests
{
    [Fact]
    public async Task Run_ArgvWithShellSyntax_IsPassedLiterallyNotInterpreted()
    {
        var log = new RecordingStepLog();

        var outcome = await new ShellProvider().ExecuteAsync(Request(log, ["echo", "$(id -u); rm -rf /nope"]), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("$(id -u); rm -rf /nope", outcome.Outputs["stdout"]);
        Assert.Contains("$(id -u); rm -rf /nope", log.Lines);
    }

    [Fact]
    public async Task Run_NonZeroExit_FailsWithCodeAndKeepsOutput()
    {
        var outcome = await new ShellProvider().ExecuteAsync(Request(new RecordingStepLog(), ["bash", "-c", "echo partial; exit 3"]), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal("'bash' exited with code 3", outcome.Error);
        Assert.Equal("3", outcome.Outputs["exit_code"]);
        Assert.Equal("partial", outcome.Outputs["stdout"]);
    }

    [Fact]
    public async Task Run_EnvironmentAndRunContext_ReachTheProgram()
    {
        var request = Request(new RecordingStepLog(), ["bash", "-c", "echo \"$GREETING $LIFELINE_RUN_ID $LIFELINE_EPOCH\""], new Dictionary<string, string> { ["GREETING"] = "hello" });

        var outcome = await new ShellProvider().ExecuteAsync(request, CancellationToken.None);

        Assert.Equal("hello run-1 7", outcome.Outputs["stdout"]);
    }

    [Fact]
    public async Task Run_MissingProgram_OneClearFailure()
    {
        var outcome = await new ShellProvider().ExecuteAsync(Request(new RecordingStepLog(), ["/no/such/program"]), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.StartsWith("cannot start '/no/such/program'", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Cancelled_KillsTheProgram()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var started = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await new ShellProvider().ExecuteAsync(Request(new RecordingStepLog(), ["sleep", "30"]), cancel.Token));

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20));
    }

    private static OperationRequest Request(RecordingStepLog log, string[] argv, Dictionary<string, string>? env = null) => new(
        "shell.run",
        null,
        new Dictionary<string, string>(),
        new Dictionary<string, string>
        {
            ["argv"] = JsonSerializer.Serialize(argv),
            ["env"] = JsonSerializer.Serialize(env ?? []),
        },
        RecordingStepLog.Context(log));
}
