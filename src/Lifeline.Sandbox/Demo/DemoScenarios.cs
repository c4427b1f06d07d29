using Lifeline.Core.Diagnostics;
using Lifeline.Core.Estates;
using Lifeline.Core.Estates.Sandbox;

namespace Lifeline.Sandbox.Demo;

/// <summary>
/// Which drill scenarios a demo runs: the one asked for (default: the first of the estate's <c>sandbox.scenarios</c>),
/// preceded by its <c>after</c> chain, first first. An estate without scenarios gets the drill the demo always ran: the
/// region-failover plan after its primary site is killed.
/// </summary>
internal static class DemoScenarios
{
    public static SandboxScenario Legacy { get; } = new(
        DemoOptions.Scenario,
        DemoOptions.Scenario,
        [new SandboxFault(DemoOptions.Fault, null, SourceLocation.None)],
        new Dictionary<string, string>(),
        Workload: true,
        After: null,
        SourceLocation.None);

    public static IReadOnlyList<SandboxScenario> Known(Estate estate) =>
        estate.Sandbox is { Scenarios.Count: > 0 } sandbox ? sandbox.Scenarios : [Legacy];

    /// <returns>The scenarios to run in order (the asked one last), or why there are none.</returns>
    public static (IReadOnlyList<SandboxScenario>? Chain, string? Error) Resolve(Estate estate, string estateFile, string? name)
    {
        var known = Known(estate);
        var asked = name is null ? known[0] : known.FirstOrDefault(s => s.Name == name);
        if (asked is null)
        {
            var names = known.Select(s => s.Name).ToList();
            return (null, $"{estateFile}: no drill scenario '{name}' in the estate's sandbox.scenarios{Suggestions.DidYouMean(name!, names)}; expected one of: {string.Join(", ", names)}");
        }

        var chain = new List<SandboxScenario> { asked };
        while (chain[0].After is { } after && known.FirstOrDefault(s => s.Name == after) is { } previous && !chain.Contains(previous))
        {
            chain.Insert(0, previous);
        }

        return (chain, null);
    }

    /// <summary>What a drill of the chain does, one line each, for <c>demo --dry-run</c>.</summary>
    public static IEnumerable<string> Describe(IReadOnlyList<SandboxScenario> chain)
    {
        foreach (var scenario in chain)
        {
            var faults = scenario.Faults.Count == 0 ? "no fault (the RTO clock starts with the plan)" : $"faults {string.Join(", then ", scenario.Faults)}";
            var inputs = scenario.Inputs.Count == 0 ? "" : $", inputs {string.Join(", ", scenario.Inputs.Select(i => $"{i.Key}={i.Value}"))}";
            var workload = scenario.Workload ? "acknowledged writes counted" : "no workload";
            yield return $"{scenario.Name}: {faults}; then plan {scenario.Plan} as a drill{inputs}; {workload}{(scenario.Description.Length > 0 ? $" ({scenario.Description})" : "")}";
        }
    }
}
