using System.Text.Json;
using Lifeline.Cli.Tests.Support;

namespace Lifeline.Cli.Tests.Commands;

public sealed class ProvidersCommandTests
{
    [Fact]
    public async Task Providers_Json_ListsEveryProviderWithExecutes()
    {
        // Given the real CLI; when the catalogue is asked for as JSON
        var (exit, stdout, stderr) = await CliProcess.RunAsync(RepositoryPaths.Root, "providers", "--output", "json");

        // Then every provider is there with whether it executes, and its operations carry inputs, outputs and settings
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var providers = json.RootElement.GetProperty("providers").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.Clone());
        Assert.True(providers["postgres"].GetProperty("executes").GetBoolean());
        Assert.True(providers["aws-route53"].GetProperty("executes").GetBoolean());
        var upsert = providers["powerdns"].GetProperty("operations").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "dns.upsert");
        Assert.Contains(upsert.GetProperty("required_settings").EnumerateArray(), s => s.GetString() == "api-key");
        Assert.NotEmpty(upsert.GetProperty("inputs").EnumerateArray());
        Assert.NotEmpty(upsert.GetProperty("outputs").EnumerateArray());
    }

    [Fact]
    public async Task Providers_Markdown_EqualsTheCheckedInDocs()
    {
        // Given the real CLI; when it prints the catalogue as Markdown
        var (exit, stdout, stderr) = await CliProcess.RunAsync(RepositoryPaths.Root, "providers", "--markdown");

        // Then it is docs/providers.md
        Assert.True(exit == 0, stderr);
        Assert.True(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "providers.md")) == stdout, "docs/providers.md is out of date; regenerate it with: ./lifeline providers --markdown > docs/providers.md");
    }

    [Fact]
    public async Task Providers_UnknownName_ExitsTwoWithSuggestion()
    {
        var (exit, _, stderr) = await CliProcess.RunAsync(RepositoryPaths.Root, "providers", "postgress");

        Assert.Equal(2, exit);
        Assert.Contains("did you mean 'postgres'?", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_OnePlanFileWithTypeErrors_ReportsThemAtFileLineCol()
    {
        // Given the typed-mistakes fixture kept beside the Core tests, validated through its plan file
        var root = Path.Combine(RepositoryPaths.Root, "test", "Lifeline.Core.Tests");

        // When it is validated through the real CLI
        var (exit, _, stderr) = await CliProcess.RunAsync(root, "validate", "PlanFiles/Broken/typed/plans/checks.yaml");

        // Then the expectation and setting errors carry positions, and the exit code is 2
        Assert.Equal(2, exit);
        Assert.Contains("PlanFiles/Broken/typed/plans/checks.yaml:10:48: error: 'lag_seconds' of 'database.status' is a number, so 'lag_seconds: <= sixty' can never hold", stderr, StringComparison.Ordinal);
        Assert.Contains("PlanFiles/Broken/typed/estate.yaml:18:16: error: binding 'sandbox' of resource 'db' (provider 'postgres') has no setting 'password'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ProductionProfile_AwsFamilyExecutes_NoDescribeOnlyWarning()
    {
        // Given the Axis example, whose production bindings are the AWS family, which executes through the AWS CLI
        var (exit, _, stderr) = await CliProcess.RunAsync(RepositoryPaths.Root, "validate", "examples/axis-imaging/plans/region-failover.yaml", "--profile", "production");

        // Then it is valid, and no step is flagged as stopping a production run (the loader's rule itself is tested in
        // Core against providers that only describe)
        Assert.True(exit == 0, stderr);
        Assert.DoesNotContain("only describes", stderr, StringComparison.Ordinal);
    }
}
