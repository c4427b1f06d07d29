using Lifeline.Core.PlanFiles;
using Lifeline.Core.Plans;
using Lifeline.Engine.Readiness;
using Lifeline.Server.Apis;

namespace Lifeline.Server.Readiness;

/// <summary>
/// The pre-disaster checklist for one estate and profile: the files load and validate, every resource is bound, every
/// gate has approvers among the contacts, objectives are set, and every resource is healthy as last observed.
/// </summary>
internal static class ReadinessEvaluator
{
    public static IReadOnlyList<ReadinessCheck> Evaluate(LoadedEstate? loaded, IReadOnlyList<string> problems, string profile, ResourceHealthBoard health)
    {
        var checks = new List<ReadinessCheck>
        {
            new("estate validates", loaded is null ? "fail" : "pass", loaded is null ? string.Join("\n", problems) : $"{problems.Count} warning(s)"),
        };
        if (loaded is null)
        {
            return checks;
        }

        var estate = loaded.Estate;
        // An unbound resource no plan or monitor uses (a backup vault no provider drives yet) is documentation, not a gap.
        var used = ResourceUsage.Of(loaded, profile);
        var unbound = estate.Resources.Where(r => r.BindingFor(profile) is null && used.Contains(r.Id)).Select(r => r.Id).ToList();
        checks.Add(new("resources bound", unbound.Count == 0 ? "pass" : "fail", unbound.Count == 0 ? $"every resource a plan or the monitor uses is bound for {profile}" : "used but not bound: " + string.Join(", ", unbound)));
        var gates = loaded.Plans.SelectMany(p => p.Steps).Select(s => s.Body).OfType<ApprovalBody>().ToList();
        var unknown = gates.SelectMany(g => g.Approvers).Where(a => estate.FindContact(a) is null).Distinct().ToList();
        checks.Add(new("gate approvers are contacts", unknown.Count == 0 ? "pass" : "fail", unknown.Count == 0 ? $"{gates.Count} gate(s)" : "unknown: " + string.Join(", ", unknown)));
        var shortGates = gates.Where(g => g.Approvers.Count > 0 && g.Approvers.Count < g.Count).ToList();
        checks.Add(new("gates can reach their count", shortGates.Count == 0 ? "pass" : "fail", shortGates.Count == 0 ? "every gate lists enough approvers" : $"{shortGates.Count} gate(s) need more approvers than they list"));
        checks.Add(FenceReadiness.Evaluate(loaded, profile));
        foreach (var resource in estate.Resources)
        {
            var observed = health.Latest(estate.Name, resource.Id);
            var status = observed?.Status switch
            {
                null => "unknown",
                "healthy" => "pass",
                _ => "fail",
            };
            checks.Add(new($"{resource.Id} healthy", status, observed is null ? "not observed yet" : $"{observed.Status} at {observed.At:u}"));
        }

        return checks;
    }
}
