using Lifeline.Core.Estates;
using Lifeline.Core.Plans;

namespace Lifeline.Core.PlanFiles;

// STUB: replaced by the feat/planfiles branch.
public sealed record LoadedEstate(Estate Estate, IReadOnlyList<Plan> Plans, EstateSources Sources)
{
    public Plan? FindPlan(string scenario) => Plans.FirstOrDefault(p => p.Scenario == scenario);
}
