using System.Globalization;

namespace Lifeline.FailoverBench;

/// <summary>The harness's command line (see bench/failover/README.md).</summary>
internal sealed record BenchOptions(
    int Trials,
    int BlipTrials,
    IReadOnlyList<string> Systems,
    string Output,
    int WriteRate,
    double WarmupS,
    double BlipPauseS,
    double BlipObserveS,
    string RunAs,
    string Repository)
{
    /// <summary>The faults each system's trials inject, in this order (<c>--faults kill,partition</c>).</summary>
    public IReadOnlyList<string> Faults { get; init; } = Lifeline.FailoverBench.Faults.FaultKind.All;

    /// <summary>Lifeline's monitor probe interval (<c>--lifeline-probe</c>).</summary>
    public string LifelineProbeInterval { get; init; } = "500ms";

    /// <summary>Lifeline's criteria window (<c>--lifeline-window</c>).</summary>
    public string LifelineCriteriaWindow { get; init; } = "2s";

    public static readonly string[] KnownSystems = ["patroni-default", "patroni-tuned", "patroni-tuned-sync", "patroni-tuned-etcd3", "lifeline"];

    public static BenchOptions Parse(IReadOnlyList<string> args, string repository)
    {
        var options = new BenchOptions(10, 20, ["patroni-default", "patroni-tuned"], Path.Combine(repository, "bench", "failover", "results"),
            200, 5, 1.5, 10, "lifeline-sandbox", repository);
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--trials" => options with { Trials = int.Parse(value, CultureInfo.InvariantCulture) },
                "--blip-trials" => options with { BlipTrials = int.Parse(value, CultureInfo.InvariantCulture) },
                "--systems" => options with { Systems = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--out" => options with { Output = Path.GetFullPath(value) },
                "--rate" => options with { WriteRate = int.Parse(value, CultureInfo.InvariantCulture) },
                "--warmup" => options with { WarmupS = double.Parse(value, CultureInfo.InvariantCulture) },
                "--blip-pause" => options with { BlipPauseS = double.Parse(value, CultureInfo.InvariantCulture) },
                "--blip-observe" => options with { BlipObserveS = double.Parse(value, CultureInfo.InvariantCulture) },
                "--run-as" => options with { RunAs = value },
                "--faults" => options with { Faults = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--lifeline-probe" => options with { LifelineProbeInterval = value },
                "--lifeline-window" => options with { LifelineCriteriaWindow = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
            i++;
        }

        foreach (var system in options.Systems)
        {
            if (!KnownSystems.Contains(system))
            {
                throw new ArgumentException($"unknown system {system}; known: {string.Join(", ", KnownSystems)}");
            }
        }

        foreach (var fault in options.Faults)
        {
            if (!Lifeline.FailoverBench.Faults.FaultKind.All.Contains(fault))
            {
                throw new ArgumentException($"unknown fault {fault}; known: {string.Join(", ", Lifeline.FailoverBench.Faults.FaultKind.All)}");
            }
        }

        return options;
    }
}
