using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;
using Lifeline.Engine.Checkpoints;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Scheduling;
using Lifeline.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Benchmarks;

/// <summary>
/// Engine overhead per step: a synthetic plan of no-op steps (default 10,000 steps, width 1,000: ten layers of
/// 1,000 parallel steps, each needing one step of the layer before) run in drill mode against the real SQLite store,
/// so every step's two durable transitions are included. Overhead per step = wall time / steps, since the no-op
/// provider does no work. Usage: bench [steps] [width] [repeats].
/// </summary>
internal static class EngineOverheadBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var steps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var width = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000;
        var repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        var directory = Path.Combine(Path.GetTempPath(), "lifeline-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(directory, "plans"));
        try
        {
            File.WriteAllText(Path.Combine(directory, "estate.yaml"), "estate: bench\nprofiles: [bench]\nsites:\n  here: { role: primary }\nresources: {}\n");
            File.WriteAllText(Path.Combine(directory, "plans", "wide.yaml"), Plan(steps, width));
            var providers = new ServiceCollection().AddLifelineProviders().BuildServiceProvider().GetRequiredService<ProviderRegistry>();
            var load = Stopwatch.StartNew();
            var (sources, _) = EstateSources.Read(directory);
            var (loaded, diagnostics) = EstateLoader.Load(sources!, new LoadOptions("bench", new Dictionary<string, string>(), providers));
            if (loaded is null)
            {
                Console.Error.WriteLine(string.Join("\n", diagnostics));
                return 2;
            }

            Console.WriteLine($"plan: {steps} no-op steps, width {width}; loaded and validated in {load.Elapsed.TotalMilliseconds:F0} ms");
            var perStep = new List<double>();
            for (var i = 0; i <= repeats; i++)
            {
                var state = Path.Combine(directory, $"state-{i}.db");
                await using var store = await SqliteRunStore.OpenAsync(state, CancellationToken.None);
                var runs = new RunService(providers, store, TimeProvider.System, _ => null);
                var request = new StartRunRequest(loaded, "wide", RunMode.Drill, "bench", new Dictionary<string, string>(), RunBehaviour.Default, "bench");
                var clock = Stopwatch.StartNew();
                var outcome = await runs.StartAsync(request, NullRunObserver.Instance, CancellationToken.None);
                clock.Stop();
                if (outcome.Report?.Status != "succeeded")
                {
                    Console.Error.WriteLine($"run did not succeed: {outcome.Report?.Status} {outcome.Error} {outcome.Report?.Reason}");
                    return 1;
                }

                var stored = (await store.GetStepsAsync(outcome.Report.RunId, CancellationToken.None)).Count;
                var ms = clock.Elapsed.TotalMilliseconds / steps;
                Console.WriteLine($"{(i == 0 ? "warm-up" : $"run {i}"),-8} {clock.Elapsed.TotalSeconds,7:F2} s  {ms:F3} ms/step  ({stored} step rows stored)");
                if (i > 0)
                {
                    perStep.Add(ms);
                }
            }

            perStep.Sort();
            Console.WriteLine($"median {perStep[perStep.Count / 2]:F3} ms/step, max {perStep[^1]:F3} ms/step over {repeats} runs");
            return perStep[perStep.Count / 2] < 1.0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Plan(int steps, int width)
    {
        var sb = new StringBuilder("scenario: wide\nseverity: P4\nphases:\n  - id: only\n    name: Only\n    budget: 1h\n    steps:\n");
        for (var i = 0; i < steps; i++)
        {
            var needs = i >= width ? $", needs: [s{i - width}]" : "";
            sb.Append(CultureInfo.InvariantCulture, $"      - {{ id: s{i}, action: noop.run{needs} }}\n");
        }

        return sb.ToString();
    }
}
