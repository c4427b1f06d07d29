using Lifeline.Core.Estates;
using Lifeline.Core.Plans;

namespace Lifeline.Core.PlanFiles;

/// <summary>A valid estate with its plans, and the sources it was read from.</summary>
public sealed record LoadedEstate(Estate Estate, IReadOnlyList<Plan> Plans, EstateSources Sources)
{
    public Plan? FindPlan(string scenario) => Plans.FirstOrDefault(p => p.Scenario == scenario);
}
