using System.Diagnostics;
using Lifeline.Core.Diagnostics;
using Lifeline.Core.PlanFiles;

namespace Lifeline.Core.Tests.PlanFiles.Fuzzing;

/// <summary>
/// Seeded mutations of the example estate, loaded in process: whatever the damage, loading ends quickly with either an
/// estate or located, human diagnostics; never an exception, a hang or a message from the parser's insides.
/// </summary>
public sealed class PlanFuzzTests
{
    private const int Cases = 300;

    /// <summary>Loading the example takes milliseconds; a case this slow is a hang, even on a loaded machine.</summary>
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(20);

    private static readonly string[] InternalWords = ["Operation is not valid", "Exception", "stopped without a position", "Object reference", "   at "];

    [Fact]
    public async Task Load_SeededMutationsOfTheExample_ReportLocatedErrorsOnly()
    {
        // Given the example estate
        var (sources, _) = EstateSources.Read(RepositoryPaths.Of("examples", "axis-imaging"));
        var files = sources!.Files.Keys.ToArray();
        var problems = new List<string>();
        var slowest = TimeSpan.Zero;
        for (var seed = 1; seed <= Cases; seed++)
        {
            // When one of its files is damaged by seeded mutations and the estate is loaded
            var random = new Random(seed);
            var file = files[random.Next(files.Length)];
            var mutated = new PlanMutator(seed).Mutate(sources.Files[file]);
            var damaged = sources with { Files = new Dictionary<string, string>(sources.Files) { [file] = mutated } };
            var clock = Stopwatch.StartNew();
            var load = Task.Run(() => EstateLoader.Load(damaged, new LoadOptions(null, new Dictionary<string, string>(), TestCatalog.Instance)));
            (LoadedEstate? Estate, IReadOnlyList<Diagnostic> Diagnostics) loaded;
            try
            {
                loaded = await load.WaitAsync(PerCase);
            }
            catch (TimeoutException)
            {
                problems.Add($"seed {seed}: loading {file} did not finish within {PerCase.TotalSeconds} s");
                break;
            }
            catch (Exception ex)
            {
                problems.Add($"seed {seed}: {file}: {ex.GetType().Name}: {ex.Message}");
                continue;
            }

            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;

            // Then it ends with an estate or with errors (not both), every diagnostic located and worded for a person
            var (estate, diagnostics) = loaded;
            if (diagnostics.Any(d => d.IsError) != (estate is null))
            {
                problems.Add($"seed {seed}: {file}: errors and an estate disagree");
            }

            problems.AddRange(diagnostics.Where(d => !Located(d)).Select(d => $"seed {seed}: unlocated: {d}"));
            problems.AddRange(diagnostics.Where(d => InternalWords.Any(w => d.ToString().Contains(w, StringComparison.Ordinal))).Select(d => $"seed {seed}: internal: {d}"));
            problems.AddRange(diagnostics.Where(d => d.ToString().Length > 2 * Excerpt.MessageLength + 500).Select(d => $"seed {seed}: {d.ToString().Length} characters long"));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems.Take(40)));
        Assert.True(slowest < PerCase, $"slowest case took {slowest}");
    }

    private static bool Located(Diagnostic d) => d.Location.Line > 0 && d.Location.Column > 0 && d.Location.File.EndsWith(".yaml", StringComparison.Ordinal);
}
