using Lifeline.Cli.Tests.Support;

namespace Lifeline.Cli.Tests.Commands;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task Validate_Example_ExitsZero()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync(RepositoryPaths.Root, "validate", "examples/axis-imaging");

        Assert.True(exit == 0, stderr);
        Assert.StartsWith("axis-imaging: valid", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BrokenCopy_ExitsTwoAndReportsEveryErrorWithPosition()
    {
        // Given a copy of the example with a misspelt key, an undefined need and a cycle (kept beside the Core tests)
        var root = Path.Combine(RepositoryPaths.Root, "test", "Lifeline.Core.Tests");

        // When it is validated through the real CLI
        var (exit, stdout, stderr) = await CliProcess.RunAsync(root, "validate", "PlanFiles/Broken/axis-imaging");

        // Then every error is reported at once, exactly as the golden file says, and the exit code is 2
        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Commands", "Expectations", "ValidateBroken.txt"));
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal(expected.ReplaceLineEndings("\n"), stderr.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MissingDirectory_OneClearLine()
    {
        var (exit, _, stderr) = await CliProcess.RunAsync(RepositoryPaths.Root, "validate", "no/such/estate");

        Assert.Equal(2, exit);
        Assert.Contains("no/such/estate", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_ExitsTwoWithUsageHint()
    {
        var (exit, _, stderr) = await CliProcess.RunAsync(RepositoryPaths.Root, "validate", "examples/axis-imaging", "--frobnicate");

        Assert.Equal(2, exit);
        Assert.Contains("--frobnicate", stderr, StringComparison.Ordinal);
    }
}
