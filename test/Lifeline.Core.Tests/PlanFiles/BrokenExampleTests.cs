using Lifeline.Core.PlanFiles;

namespace Lifeline.Core.Tests.PlanFiles;

/// <summary>Golden-file test: a broken copy of the Axis Imaging example and the exact diagnostics a user sees.</summary>
public sealed class BrokenExampleTests
{
    private const string Canonical = "PlanFiles/Broken/axis-imaging";

    [Fact]
    public void Load_BrokenAxisImaging_MatchesExpectedDiagnostics()
    {
        // Given a copy of the example with a misspelt key, an undefined need and a cycle, read by a relative path
        var root = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(AppContext.BaseDirectory, "PlanFiles", "Broken", "axis-imaging"));
        var (sources, readErrors) = EstateSources.Read(root);
        Assert.Empty(readErrors);

        // When it is loaded
        var (estate, diagnostics) = EstateLoader.Load(sources!, new LoadOptions(null, new Dictionary<string, string>(), TestCatalog.Instance));

        // Then the diagnostics are exactly the expected text (paths as given, under PlanFiles/Broken)
        Assert.Null(estate);
        var actual = string.Join('\n', diagnostics.Select(d => d.ToString().Replace(root, Canonical, StringComparison.Ordinal))) + "\n";
        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "PlanFiles", "Expectations", "BrokenAxisImaging.txt"));
        Assert.True(expected == actual, $"diagnostics differ from Expectations/BrokenAxisImaging.txt\n--- expected\n{expected}--- actual\n{actual}");
    }
}
