using Lifeline.Core.PlanFiles;

namespace Lifeline.Core.Tests.PlanFiles;

/// <summary>
/// Golden-file tests of what the typed vocabulary adds to validation: expectations checked against the field's type,
/// binding settings an operation needs, and steps whose provider only describes.
/// </summary>
public sealed class TypedVocabularyTests
{
    private const string Canonical = "PlanFiles/Broken/typed";

    [Theory]
    [InlineData(null, "BrokenTyped.txt")]
    [InlineData("production", "BrokenTypedProduction.txt")]
    public void Load_TypedMistakes_MatchExpectedDiagnostics(string? profile, string expectations)
    {
        // Given an estate whose plan expects "<= sixty" of a number and "yes" of a flag, and whose sandbox binding lacks a password
        var root = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(AppContext.BaseDirectory, "PlanFiles", "Broken", "typed"));
        var (sources, readErrors) = EstateSources.Read(root);
        Assert.Empty(readErrors);

        // When it is loaded for every profile, or for production alone
        var (_, diagnostics) = EstateLoader.Load(sources!, new LoadOptions(profile, new Dictionary<string, string>(), TestCatalog.Instance));

        // Then the diagnostics are exactly the expected text, each at file:line:col
        var actual = string.Join('\n', diagnostics.Select(d => d.ToString().Replace(root, Canonical, StringComparison.Ordinal))) + "\n";
        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "PlanFiles", "Expectations", expectations));
        Assert.True(expected == actual, $"diagnostics differ from Expectations/{expectations}\n--- expected\n{expected}--- actual\n{actual}");
    }

    [Fact]
    public void Narrow_PlanFile_KeepsTheEstateAndThatPlanOnly()
    {
        // Given an estate with a valid plan and a half-written sibling
        var root = Directory.CreateTempSubdirectory("lifeline-scope-").FullName;
        try
        {
            File.Copy(RepositoryPaths.Of("examples", "axis-imaging", "estate.yaml"), Path.Combine(root, "estate.yaml"));
            Directory.CreateDirectory(Path.Combine(root, "plans"));
            var plan = Path.Combine(root, "plans", "region-failover.yaml");
            File.Copy(RepositoryPaths.Of("examples", "axis-imaging", "plans", "region-failover.yaml"), plan);
            File.WriteAllText(Path.Combine(root, "plans", "draft.yaml"), "scenario: [unfinished\n");
            var (sources, _) = EstateSources.Read(plan);

            // When it is narrowed to the valid plan and loaded
            var narrowed = PlanScope.Narrow(sources!, plan);
            var (estate, diagnostics) = EstateLoader.Load(narrowed, new LoadOptions("sandbox", new Dictionary<string, string>(), TestCatalog.Instance));

            // Then only the estate file and that plan were read, and the draft does not fail it
            Assert.Equal(3, sources!.Files.Count);
            Assert.Equal([sources.EstateFile, plan], narrowed.Files.Keys.Order(StringComparer.Ordinal));
            Assert.True(estate is not null, string.Join('\n', diagnostics));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
