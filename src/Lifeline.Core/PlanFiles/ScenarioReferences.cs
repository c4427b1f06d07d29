using Lifeline.Core.Diagnostics;
using Lifeline.Core.Estates;
using Lifeline.Core.Plans;

namespace Lifeline.Core.PlanFiles;

/// <summary>A sandbox drill scenario names a plan of the estate and gives only inputs it declares (its fault-time one too): checked once every plan is read.</summary>
internal static class ScenarioReferences
{
    public static void Check(Estate estate, IReadOnlyList<Plan> plans, DiagnosticList diagnostics)
    {
        var known = plans.Select(p => p.Scenario).Order(StringComparer.Ordinal).ToList();
        foreach (var scenario in estate.Sandbox?.Scenarios ?? [])
        {
            if (plans.FirstOrDefault(p => p.Scenario == scenario.Plan) is not { } plan)
            {
                diagnostics.Error(scenario.PlanLocation, $"sandbox scenario '{scenario.Name}' drills plan '{scenario.Plan}', which no plan defines{Suggestions.DidYouMean(scenario.Plan, known)}",
                    known.Count == 0 ? "a plan in plans/ with that scenario" : ShapeText.OneOf(known));
                continue;
            }

            var declared = plan.Inputs.Select(i => i.Name).ToList();
            foreach (var input in scenario.Inputs.Keys.Where(k => !declared.Contains(k)).Order(StringComparer.Ordinal))
            {
                diagnostics.Error(scenario.InputLocations.GetValueOrDefault(input, scenario.Location), $"sandbox scenario '{scenario.Name}' gives input '{input}', which plan '{plan.Scenario}' does not declare{Suggestions.DidYouMean(input, declared)}",
                    declared.Count == 0 ? "no inputs (the plan declares none)" : ShapeText.OneOf(declared));
            }

            if (scenario.FaultTimeInput is { } faultTime && !declared.Contains(faultTime))
            {
                diagnostics.Error(scenario.FaultTimeLocation ?? scenario.Location, $"sandbox scenario '{scenario.Name}' gives the fault time to input '{faultTime}', which plan '{plan.Scenario}' does not declare{Suggestions.DidYouMean(faultTime, declared)}",
                    declared.Count == 0 ? "no fault-time (the plan declares no inputs)" : ShapeText.OneOf(declared));
            }
        }
    }
}
