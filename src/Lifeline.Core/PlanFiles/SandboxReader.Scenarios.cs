using Lifeline.Core.Diagnostics;
using Lifeline.Core.Estates.Sandbox;

namespace Lifeline.Core.PlanFiles;

internal sealed partial class SandboxReader
{
    /// <summary>
    /// Reads <c>scenarios:</c> and checks what the estate file alone can: fault words and their sites, and that <c>after</c>
    /// names another scenario without a cycle. Whether each plan exists and takes the inputs is checked once every plan is
    /// read (<see cref="ScenarioReferences"/>).
    /// </summary>
    private List<SandboxScenario> ReadScenarios(MappingReader sandbox, List<string> sites)
    {
        var scenarios = new List<SandboxScenario>();
        var afterLocations = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var (id, reader) in sandbox.MapOf("scenarios", name => $"sandbox scenario '{name}'"))
        {
            if (reader is null)
            {
                continue;
            }

            var faults = new List<SandboxFault>();
            foreach (var item in reader.StringList("faults"))
            {
                if (ReadFault(item, sites) is { } fault)
                {
                    faults.Add(fault);
                }
            }

            var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
            var inputLocations = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            foreach (var entry in reader.ScalarMap("inputs"))
            {
                inputs[entry.Key] = entry.Value;
                inputLocations[entry.Key] = entry.KeyLocation;
            }

            var after = reader.String("after");
            if (after is not null)
            {
                afterLocations[id.Name] = reader.ValueLocation("after")!;
            }

            scenarios.Add(new SandboxScenario(id.Name, reader.String("plan") ?? id.Name, faults, inputs, reader.Boolean("workload") ?? true, after, id.Location)
            {
                Description = reader.String("description") ?? "",
                PlanLocation = reader.ValueLocation("plan") ?? id.Location,
                InputLocations = inputLocations,
                FaultTimeInput = reader.String("fault-time"),
                FaultTimeLocation = reader.ValueLocation("fault-time"),
            });
        }

        CheckAfter(scenarios, afterLocations);
        return scenarios;
    }

    private SandboxFault? ReadFault(KeyedLocation item, List<string> sites)
    {
        var words = item.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0 || SandboxFaults.Find(words[0]) is not { } shape)
        {
            var word = words.FirstOrDefault() ?? "";
            Diagnostics.Error(item.Location, $"'{word}' is not a sandbox fault{Suggestions.DidYouMean(word, SandboxFaults.Words)}", ShapeText.OneOf(SandboxFaults.Words));
            return null;
        }

        var target = words.Length > 1 ? words[1] : null;
        switch (shape.Target)
        {
            case SandboxFaultTarget.None when words.Length > 1:
                Diagnostics.Error(item.Location, $"fault '{shape.Word}' takes no target, but '{item.Name}' names one", $"'{shape.Word}' alone ({shape.Description})");
                return null;
            case SandboxFaultTarget.Site when target is null || !sites.Contains(target):
                Diagnostics.Error(item.Location, target is null ? $"fault '{shape.Word}' needs a site" : $"fault '{shape.Word}' names '{target}', which is not a sandbox site{Suggestions.DidYouMean(target, sites)}",
                    $"{shape.Word} followed by {ShapeText.OneOf(sites)}");
                return null;
            case SandboxFaultTarget.Resource when target is null:
                Diagnostics.Error(item.Location, $"fault '{shape.Word}' needs a resource", $"{shape.Word} followed by a database member's resource, process or service, e.g. {shape.Word} db-primary");
                return null;
            case not SandboxFaultTarget.None when words.Length > 2:
                Diagnostics.Error(item.Location, $"fault '{item.Name}' has more than one target", $"{shape.Word} followed by one name");
                return null;
            default:
                return new SandboxFault(shape.Word, target, item.Location);
        }
    }

    private void CheckAfter(List<SandboxScenario> scenarios, Dictionary<string, SourceLocation> afterLocations)
    {
        var names = scenarios.Select(s => s.Name).ToList();
        foreach (var scenario in scenarios.Where(s => s.After is not null))
        {
            var others = names.Where(n => n != scenario.Name).ToList();
            if (!others.Contains(scenario.After!))
            {
                Diagnostics.Error(afterLocations[scenario.Name], $"sandbox scenario '{scenario.Name}' runs after '{scenario.After}', which is not another scenario{Suggestions.DidYouMean(scenario.After!, others)}",
                    others.Count == 0 ? "the name of another entry of scenarios" : ShapeText.OneOf(others));
            }
        }

        // A cycle is reported once, at the scenario written first in it.
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scenario in scenarios.Where(s => s.After != s.Name))
        {
            var chain = new List<string> { scenario.Name };
            var next = scenario.After;
            while (next is not null && scenarios.FirstOrDefault(s => s.Name == next) is { } previous)
            {
                if (chain.Contains(next))
                {
                    var cycle = chain.SkipWhile(n => n != next).Append(next).ToList();
                    if (cycle[0] == scenario.Name && !cycle.Any(reported.Contains))
                    {
                        reported.UnionWith(cycle);
                        Diagnostics.Error(afterLocations[scenario.Name], $"sandbox scenarios run after each other in a cycle: {string.Join(" after ", cycle)}", "a chain of after: that ends at a scenario with no after");
                    }

                    break;
                }

                chain.Add(next);
                next = previous.After;
            }
        }
    }
}
