using Lifeline.Cli.Tests.Support;

namespace Lifeline.Cli.Tests.Commands;

/// <summary>A given <c>--input</c> is data: it cannot read the environment, so a secret-holding variable never reaches the output.</summary>
public sealed class InputSecretCommandTests
{
    [Fact]
    public async Task DryRun_InputNamingASecretVariable_IsRefusedAndTheSecretIsNowhereInTheOutput()
    {
        // Given a secret in the environment the CLI runs with
        var secret = "hunter2-" + Guid.NewGuid().ToString("N");
        var environment = new Dictionary<string, string> { ["LIFELINE_SECRET_CLI_TEST"] = secret };

        // When a dry-run is given an input that names it, as text and as JSON
        var text = await CliProcess.RunAsync(RepositoryPaths.Root,
            ["run", "region-failover", "--estate", "examples/axis-imaging", "--mode", "dry-run", "--profile", "sandbox", "--input", "baseline=${{ env.LIFELINE_SECRET_CLI_TEST }}"], environment);
        var json = await CliProcess.RunAsync(RepositoryPaths.Root,
            ["run", "region-failover", "--estate", "examples/axis-imaging", "--mode", "dry-run", "--profile", "sandbox", "--output", "json", "--input", "baseline=${{ env.LIFELINE_SECRET_CLI_TEST }}"], environment);

        // Then both are refused as bad input, saying why, and the value is in neither output
        Assert.Equal(2, text.ExitCode);
        Assert.Contains("a given input is taken literally and may not hold an expression", text.Stderr + text.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, json.ExitCode);
        Assert.DoesNotContain(secret, text.Stdout + text.Stderr + json.Stdout + json.Stderr, StringComparison.Ordinal);
    }
}
