using Lifeline.Core.PlanFiles;

namespace Lifeline.Core.Tests.PlanFiles;

public sealed class RobustnessTests
{
    [Fact]
    public void Load_ExampleWithAnyLineRemovedOrTruncated_NeverThrows()
    {
        // Given the example, damaged one line at a time (removed, or cut in half)
        var (sources, _) = EstateSources.Read(RepositoryPaths.Of("examples", "axis-imaging"));
        foreach (var (file, text) in sources!.Files)
        {
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (var damaged in new[] { lines.Where((_, j) => j != i), lines.Select((l, j) => j == i ? l[..(l.Length / 2)] : l) })
                {
                    var files = new Dictionary<string, string>(sources.Files) { [file] = string.Join('\n', damaged) };

                    // When it is loaded, then it reports rather than throws, and never returns an estate with errors
                    var (estate, diagnostics) = EstateLoader.Load(sources with { Files = files }, new LoadOptions(null, new Dictionary<string, string>(), TestCatalog.Instance));
                    Assert.Equal(diagnostics.Any(d => d.IsError), estate is null);
                }
            }
        }
    }
}
