using Lifeline.Core.Diagnostics;
using Lifeline.Core.Estates;
using Lifeline.Core.Expressions;
using Lifeline.Core.Plans;
using Lifeline.Core.Providers;

namespace Lifeline.Core.PlanFiles;

/// <summary>
/// Checks one plan against itself (unique ids, needs, cycles, upstream step references) and against the estate and
/// catalog (targets, bindings per profile, operations, inputs, outputs, expectation types, required settings, contacts).
/// <paramref name="describeWarnings"/>: warn about steps whose provider only describes (when one profile was asked for).
/// </summary>
internal sealed partial class PlanValidator(
    PlanReader plan,
    Estate estate,
    IReadOnlyList<string> profiles,
    IProviderCatalog catalog,
    DiagnosticList diagnostics,
    bool describeWarnings = false)
{
    private readonly Dictionary<string, StepSyntax> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _upstream = new(StringComparer.Ordinal);

    private IEnumerable<StepSyntax> TopLevel => plan.Steps.Where(s => s.Owner is null);

    public void Validate()
    {
        CheckUniquePhases();
        CheckUniqueSteps();
        CheckNeeds();
        CheckCycles();
        var checker = new ExpressionChecker(estate, profiles, diagnostics);
        foreach (var step in plan.Steps)
        {
            CheckTarget(step);
            CheckContacts(step);
            foreach (var text in step.Texts)
            {
                checker.Check(text, inPlan: true, reference => JudgeStepReference(step, reference));
            }
        }
    }

    private void CheckUniquePhases()
    {
        var seen = new Dictionary<string, KeyedLocation>(StringComparer.Ordinal);
        foreach (var phase in plan.PhaseIds)
        {
            if (!seen.TryAdd(phase.Name, phase))
            {
                diagnostics.Error(phase.Location, $"phase id '{phase.Name}' is already used at {seen[phase.Name].Location}", "a unique phase id");
            }
        }
    }

    private void CheckUniqueSteps()
    {
        foreach (var step in plan.Steps.Where(s => s.Id.Length > 0))
        {
            if (!_byId.TryAdd(step.Id, step))
            {
                diagnostics.Error(step.Location, $"step id '{step.Id}' is already used at {_byId[step.Id].Location}", "a step id unique across the plan");
            }
        }
    }

    private void CheckNeeds()
    {
        var candidates = TopLevel.Select(s => s.Id).ToList();
        foreach (var step in TopLevel)
        {
            foreach (var need in step.Needs)
            {
                if (need.Name == step.Id)
                {
                    diagnostics.Error(need.Location, $"step '{step.Id}' needs itself", "ids of other steps");
                }
                else if (!_byId.TryGetValue(need.Name, out var needed) || needed.Owner is not null)
                {
                    diagnostics.Error(need.Location, $"step '{step.Id}' needs '{need.Name}', which is not defined{Suggestions.DidYouMean(need.Name, candidates)}", "the id of a step in this phase or an earlier one");
                }
                else if (needed.PhaseIndex > step.PhaseIndex)
                {
                    diagnostics.Error(need.Location, $"step '{step.Id}' needs '{need.Name}', which is in a later phase", "the id of a step in this phase or an earlier one");
                }
            }
        }
    }

    private void CheckCycles()
    {
        var order = TopLevel.Select((s, i) => (s.Id, i)).GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new List<string>();
        var reported = new HashSet<string>(StringComparer.Ordinal);

        void Visit(string id)
        {
            state[id] = 1;
            stack.Add(id);
            foreach (var need in Edges(id))
            {
                var mark = state.GetValueOrDefault(need);
                if (mark == 1)
                {
                    var cycle = stack.GetRange(stack.IndexOf(need), stack.Count - stack.IndexOf(need));
                    var first = cycle.IndexOf(cycle.MinBy(s => order[s])!);
                    var rotated = cycle.Skip(first).Concat(cycle.Take(first)).ToList();
                    var text = string.Join(" -> ", rotated.Append(rotated[0]));
                    if (reported.Add(string.Join(",", rotated.Order(StringComparer.Ordinal))))
                    {
                        diagnostics.Error(_byId[rotated[0]].Location, $"cycle: {text}", "needs that form no cycle");
                    }
                }
                else if (mark == 0)
                {
                    Visit(need);
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[id] = 2;
        }

        foreach (var step in TopLevel.Where(s => s.Id.Length > 0))
        {
            if (state.GetValueOrDefault(step.Id) == 0)
            {
                Visit(step.Id);
            }
        }
    }

    private IEnumerable<string> Edges(string id) =>
        _byId.TryGetValue(id, out var step)
            ? step.Needs.Select(n => n.Name).Where(n => n != id && _byId.TryGetValue(n, out var s) && s.Owner is null).Distinct()
            : [];

    /// <summary>Steps whose outputs <paramref name="step"/> may use: transitively needed, or in an earlier phase.</summary>
    private HashSet<string> Upstream(StepSyntax step)
    {
        var key = step.Owner is null ? step.Id : "\0" + step.Id;
        if (_upstream.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var result = new HashSet<string>(StringComparer.Ordinal);
        if (step.Owner is not null && _byId.TryGetValue(step.Owner, out var owner))
        {
            result.Add(owner.Id);
            result.UnionWith(Upstream(owner));
        }
        else
        {
            result.UnionWith(TopLevel.Where(s => s.PhaseIndex < step.PhaseIndex).Select(s => s.Id));
            var pending = new Stack<string>(Edges(step.Id));
            while (pending.TryPop(out var next))
            {
                if (result.Add(next))
                {
                    foreach (var further in Edges(next))
                    {
                        pending.Push(further);
                    }
                }
            }

            result.Remove(step.Id);
        }

        _upstream[key] = result;
        return result;
    }

    private (string Message, string Expected)? JudgeStepReference(StepSyntax step, ExpressionReference reference)
    {
        var (id, output) = (reference.Path[0], reference.Path[2]);
        if (!_byId.TryGetValue(id, out var source))
        {
            return ($"unknown step '{id}'{Suggestions.DidYouMean(id, _byId.Keys)}", "the id of an upstream step");
        }

        if (id == step.Id)
        {
            return ($"step '{step.Id}' cannot use its own outputs", "the id of an upstream step");
        }

        if (!Upstream(step).Contains(id))
        {
            return ($"step '{id}' is not upstream of step '{step.Id}'", $"'{id}' in the needs of '{step.Owner ?? step.Id}', or in an earlier phase");
        }

        var outputs = DeclaredOutputs(source);
        if (outputs.Count > 0 && !outputs.Contains(output))
        {
            return ($"step '{id}' ({source.Operation?.Name}) has no output '{output}'{Suggestions.DidYouMean(output, outputs)}", ShapeText.OneOf(outputs));
        }

        return null;
    }

    private List<string> DeclaredOutputs(StepSyntax step)
    {
        var outputs = new List<string>();
        foreach (var (_, provider) in Providers(step))
        {
            var declared = step.Body switch
            {
                ActionBody action => provider.FindOperation(action.Operation)?.OutputNames,
                CheckBody check => provider.FindProbe(check.Probe)?.FieldNames,
                _ => null,
            };
            outputs.AddRange((declared ?? []).Where(o => !outputs.Contains(o)));
        }

        return outputs;
    }

    private void CheckContacts(StepSyntax step)
    {
        foreach (var contact in step.Contacts)
        {
            References.Contact(diagnostics, contact, estate.Contacts);
        }

        if (step.Channel is { } channel && channel.Name != "default")
        {
            var channels = estate.Resources.Where(r => r.Kind == "notification-channel").Select(r => r.Id).ToList();
            if (!channels.Contains(channel.Name))
            {
                diagnostics.Error(channel.Location, $"channel '{channel.Name}' is not a notification-channel resource{Suggestions.DidYouMean(channel.Name, channels)}", ShapeText.OneOf(channels.Prepend("default")));
            }
        }
    }
}
