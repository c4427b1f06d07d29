using Lifeline.Cli.Tests.Support;

namespace Lifeline.Cli.Tests.Commands;

/// <summary>Every command, given bad input, says what is wrong in a line or two and exits non-zero; never a stack trace.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lifeline-bad-input-").FullName;

    [Theory]
    [InlineData("validate|no/such/estate", 2)]
    [InlineData("validate|{estate}|--input|x", 2)]
    [InlineData("validate|{estate}|--input|criteria-window=999999999999d", 2)]
    [InlineData("validate|{estate}|--frobnicate", 2)]
    [InlineData("plan|nope|--estate|{estate}", 2)]
    [InlineData("run|nope|--estate|{estate}|--state|{state}", 2)]
    [InlineData("run|region-failover|--estate|{estate}|--since|yesterday|--state|{state}", 2)]
    [InlineData("run|region-failover|--estate|{estate}|--state|{directory}", 2)]
    [InlineData("runs|list|--state|{directory}", 2)]
    [InlineData("runs|list|--state|{garbage}", 2)]
    [InlineData("runs|show|nope|--state|{state}", 2)]
    [InlineData("runs|abort|nope|--state|{state}", 2)]
    [InlineData("runs|list|--server|http://127.0.0.1:1", 2)]
    [InlineData("runs|list|--server|not-a-url", 2)]
    [InlineData("audit|verify|--state|{garbage}", 2)]
    [InlineData("audit|export|--state|{directory}", 2)]
    [InlineData("incident|list|--state|{garbage}", 2)]
    [InlineData("incident|open|--title|x|--severity|P9|--state|{state}", 2)]
    [InlineData("incident|show|nope|--state|{state}", 2)]
    [InlineData("incident|escalate|--estate|{estate}|--interval|999999999999d", 2)]
    [InlineData("users|list|--state|{garbage}", 2)]
    [InlineData("users|token|nobody|--state|{state}", 2)]
    [InlineData("agents|add|Bad Name|--state|{state}", 2)]
    [InlineData("agents|remove|nobody|--state|{state}", 2)]
    [InlineData("agents|list|--state|{garbage}", 2)]
    [InlineData("monitor|--estate|{estate}|--interval|999999999999d", 2)]
    [InlineData("monitor|--estate|{estate}|--listen|127.0.0.1:1|--state|{state}", 2)]
    [InlineData("monitor|--estate|{estate}|--insecure-agents", 2)]
    [InlineData("monitor|status|--estate|{estate}|--state|{garbage}", 2)]
    [InlineData("agent|--estate|{estate}|--vantage|x|--report|not-a-url", 2)]
    [InlineData("agent|--estate|{estate}|--vantage|x|--report|http://127.0.0.1:1/|--interval|999999999999d", 2)]
    [InlineData("serve|--monitor-interval|999999999999d", 2)]
    [InlineData("demo|--criteria-window|999999999999d", 2)]
    [InlineData("sandbox|status|--dir|/no/such/sandbox", 2)]
    [InlineData("schema|nope", 2)]
    public async Task Command_BadInput_OneClearMessageAndNoStackTrace(string invocation, int exitCode)
    {
        // Given a bad invocation (a missing or unusable file, a bad option, an unreachable server)
        var garbage = Path.Combine(_directory, "garbage.db");
        await File.WriteAllTextAsync(garbage, "this is not a database\n");
        var args = invocation.Split('|').Select(a => a
            .Replace("{estate}", Path.Combine(RepositoryPaths.Root, "examples", "axis-imaging"), StringComparison.Ordinal)
            .Replace("{state}", Path.Combine(_directory, "state.db"), StringComparison.Ordinal)
            .Replace("{garbage}", garbage, StringComparison.Ordinal)
            .Replace("{directory}", _directory, StringComparison.Ordinal)).ToArray();

        // When the real CLI runs it
        var (exit, stdout, stderr) = await CliProcess.RunAsync(_directory, args, new Dictionary<string, string> { ["LIFELINE_SERVER"] = "", ["LIFELINE_STATE"] = Path.Combine(_directory, "state.db") });

        // Then it exits with the documented code and a few plain lines, and no stack frame
        Assert.True(exit == exitCode, $"exit {exit}: {stderr}");
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(stderr), "a bad invocation must say what is wrong");
        Assert.True(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 12, stderr);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
