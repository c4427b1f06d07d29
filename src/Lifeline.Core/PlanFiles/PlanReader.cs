using Lifeline.Core.Diagnostics;
using Lifeline.Core.Estates;
using Lifeline.Core.Expressions;
using Lifeline.Core.Plans;
using Lifeline.Core.Schema;

namespace Lifeline.Core.PlanFiles;

/// <summary>
/// Reads one plan file into a <see cref="Plan"/>: inputs first, then every other scalar with <c>${{ inputs.NAME }}</c>
/// substituted. Graph, target and expression checks are <see cref="PlanValidator"/>'s.
/// </summary>
internal sealed partial class PlanReader(FileContext context, Estate estate, IReadOnlyDictionary<string, string> givenInputs)
{
    private DiagnosticList Diagnostics => context.Diagnostics;

    public List<StepSyntax> Steps { get; } = [];

    public List<KeyedLocation> PhaseIds { get; } = [];

    public List<string> DeclaredInputs { get; } = [];

    public KeyedLocation? Scenario { get; private set; }

    public Plan? Read(string text)
    {
        var root = YamlText.ParseMapping(context.File, text, Diagnostics, ShapeText.Expected(ValueShape.ObjectOf(FileShapes.PlanRoot)));
        if (root is null)
        {
            return null;
        }

        var reader = new MappingReader(context, root, FileShapes.PlanShape, "the plan");
        var inputs = ReadInputs(reader);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (givenInputs.TryGetValue(input.Name, out var given))
            {
                // A value given from outside (--input, the API) is data, never an expression: otherwise anyone who may
                // start or dry-run a plan could read the control plane's environment through ${{ env.X }}.
                if (ExpressionScanner.ContainsExpression(given))
                {
                    Diagnostics.Error(input.Location, $"the value given for input '{input.Name}' contains '${{{{': a given input is taken literally and may not hold an expression",
                        "a plain value; references such as ${{ env.X }} or ${{ secrets.X }} belong in the plan file");
                    continue;
                }

                values[input.Name] = given;
            }
            else if (input.Default is not null)
            {
                values[input.Name] = input.Default;
            }
            else
            {
                Diagnostics.Error(input.Location, $"input '{input.Name}' has no default and no value was given", $"a default, or --input {input.Name}=VALUE");
            }
        }

        context.Substitute = (scalar, location) => InputSubstitution.Apply(scalar, values, DeclaredInputs, location, Diagnostics);

        var scenario = reader.String("scenario") ?? "";
        Scenario = new KeyedLocation(scenario, reader.ValueLocation("scenario") ?? reader.Location);
        var description = reader.String("description") ?? "";
        var severity = reader.Enum("severity") ?? "";
        var (rto, rpo) = ReadObjective(reader);
        var trigger = ReadTrigger(reader);
        var phases = new List<Phase>();
        var index = 0;
        foreach (var phase in reader.ListOf("phases", (i, node) => PhaseName(i, node)))
        {
            phases.Add(ReadPhase(phase, index++));
        }

        return new Plan(scenario, description, severity, trigger, rto, rpo, inputs, phases, reader.Location)
        {
            StatusUpdates = ReadStatusUpdates(reader),
            PossibleBreach = reader.Boolean("possible-breach") ?? false,
            Profiles = ReadProfiles(reader),
            InputValues = values,
        };
    }

    /// <summary>The plan's own profiles: each one the estate declares, each once.</summary>
    private List<string> ReadProfiles(MappingReader plan)
    {
        var profiles = new List<string>();
        foreach (var profile in plan.StringList("profiles"))
        {
            if (!estate.Profiles.Contains(profile.Name, StringComparer.Ordinal))
            {
                Diagnostics.Error(profile.Location, $"profile '{profile.Name}' is not one of the estate's{Suggestions.DidYouMean(profile.Name, estate.Profiles)}", ShapeText.OneOf(estate.Profiles));
            }
            else if (profiles.Contains(profile.Name, StringComparer.Ordinal))
            {
                Diagnostics.Error(profile.Location, $"profile '{profile.Name}' is listed twice", "each profile once");
            }
            else
            {
                profiles.Add(profile.Name);
            }
        }

        return profiles;
    }

    private StatusUpdatePolicy? ReadStatusUpdates(MappingReader plan)
    {
        var reader = plan.Object("status-updates", "the status updates");
        if (reader is null)
        {
            return null;
        }

        var every = reader.Duration("every");
        var template = reader.String("template");
        var to = reader.StringList("to");
        foreach (var contact in to.Where(c => estate.FindContact(c.Name) is null))
        {
            Diagnostics.Error(contact.Location, $"unknown contact '{contact.Name}'{Suggestions.DidYouMean(contact.Name, estate.Contacts.Select(c => c.Id))}", "a contact declared under contacts: in the estate");
        }

        if (every is { } interval && interval < TimeSpan.FromSeconds(1))
        {
            Diagnostics.Error(reader.ValueLocation("every")!, "status updates every less than a second would flood people", "every: 1s or more (the seeds use 30m)");
        }

        return every is null || template is null ? null : new StatusUpdatePolicy(every.Value, template, [.. to.Select(t => t.Name)], reader.String("channel"));
    }

    private static string PhaseName(int index, YamlDotNet.RepresentationModel.YamlMappingNode node) =>
        node.Children.TryGetValue("id", out var id) && id is YamlDotNet.RepresentationModel.YamlScalarNode scalar ? $"phase '{scalar.Value}'" : $"phase {index + 1}";

    private List<PlanInput> ReadInputs(MappingReader plan)
    {
        var inputs = new List<PlanInput>();
        foreach (var (name, reader) in plan.MapOf("inputs", n => $"input '{n}'"))
        {
            DeclaredInputs.Add(name.Name);
            if (reader is not null)
            {
                inputs.Add(new PlanInput(name.Name, reader.String("default"), reader.String("description") ?? "", name.Location));
            }
        }

        return inputs;
    }

    private (string? Rto, string? Rpo) ReadObjective(MappingReader plan)
    {
        var reader = plan.Object("objective", "objective");
        if (reader is null)
        {
            return (null, null);
        }

        var rto = reader.String("rto");
        if (rto is not null && !estate.Objectives.Rto.ContainsKey(rto))
        {
            reader.BadValue("rto", $"RTO tier '{rto}' is not a key of the estate's objectives.rto{Suggestions.DidYouMean(rto, estate.Objectives.Rto.Keys)}", ShapeText.OneOf(estate.Objectives.Rto.Keys));
        }

        var rpo = reader.String("rpo");
        if (rpo is not null && !estate.Objectives.Rpo.ContainsKey(rpo))
        {
            reader.BadValue("rpo", $"RPO class '{rpo}' is not a key of the estate's objectives.rpo{Suggestions.DidYouMean(rpo, estate.Objectives.Rpo.Keys)}", ShapeText.OneOf(estate.Objectives.Rpo.Keys));
        }

        return (rto, rpo);
    }

    private Trigger? ReadTrigger(MappingReader plan)
    {
        var reader = plan.Object("trigger", "the trigger");
        if (reader is null)
        {
            return null;
        }

        var kind = FileShapes.TriggerKinds.FirstOrDefault(reader.Has);
        var duration = reader.Duration("for") ?? TimeSpan.Zero;
        if (kind is null)
        {
            return null;
        }

        var subject = reader.String(kind) ?? "";
        IReadOnlyList<string>? known = kind switch
        {
            "site-unreachable" => [.. estate.Sites.Select(s => s.Id)],
            "database-unreachable" => [.. estate.Resources.Where(r => r.Kind == "database").Select(r => r.Id)],
            // The monitor judges any probed resource the same way; a serverless function or an API endpoint is a service too.
            "service-unhealthy" => [.. estate.Resources.Where(r => r.Kind is "service" or "function" or "endpoint").Select(r => r.Id)],
            _ => null,
        };
        if (known is not null && !known.Contains(subject))
        {
            var what = kind == "site-unreachable" ? "site" : kind == "database-unreachable" ? "database resource" : "service, function or endpoint resource";
            reader.BadValue(kind, $"'{kind}' names '{subject}', which is not a {what} of the estate{Suggestions.DidYouMean(subject, known)}", ShapeText.OneOf(known));
        }

        return new Trigger(kind, subject, duration, reader.Location)
        {
            Decision = reader.Enum("decision") switch
            {
                "auto" => DecisionPolicy.Auto,
                "notify" => DecisionPolicy.Notify,
                _ => DecisionPolicy.Approve,
            },
            Cooldown = reader.Duration("cooldown") ?? Trigger.DefaultCooldown,
            ClearAfter = reader.Duration("clear-after"),
        };
    }

    private Phase ReadPhase(MappingReader reader, int index)
    {
        var id = reader.String("id") ?? $"phase-{index + 1}";
        if (reader.Has("id"))
        {
            PhaseIds.Add(new KeyedLocation(id, reader.ValueLocation("id")!));
        }

        var name = reader.String("name") ?? id;
        TimeSpan? start = null, end = null;
        var window = reader.String("window");
        if (window is not null)
        {
            if (PhaseWindow.TryParse(window, out var s, out var e))
            {
                (start, end) = (s, e);
            }
            else
            {
                reader.BadValue("window", $"window '{window}' is not START..END", PhaseWindow.Expected);
            }
        }

        var budget = reader.Duration("budget");
        if (window is null && !reader.Has("budget"))
        {
            Diagnostics.Error(reader.Location, $"phase '{id}' has neither window nor budget", "window: START..END or budget: DURATION");
        }

        var phaseBudget = budget ?? (end - start) ?? TimeSpan.Zero;
        var steps = new List<Step>();
        foreach (var step in reader.ListOf("steps", (i, node) => StepName(i, node, id)))
        {
            var read = ReadStep(step, index, owner: null);
            if (read is not null)
            {
                steps.Add(read);
                if (read.Timeout is { } timeout && phaseBudget > TimeSpan.Zero && timeout > phaseBudget)
                {
                    Diagnostics.Warning(step.ValueLocation("timeout")!, $"step '{read.Id}' may take {Time.DurationText.Format(timeout)}, longer than phase '{id}''s budget of {Time.DurationText.Format(phaseBudget)}", "a timeout within the phase budget");
                }
            }
        }

        return new Phase(id, name, phaseBudget, start, end, steps, reader.Location);
    }

    private static string StepName(int index, YamlDotNet.RepresentationModel.YamlMappingNode node, string phase) =>
        node.Children.TryGetValue("id", out var id) && id is YamlDotNet.RepresentationModel.YamlScalarNode scalar ? $"step '{scalar.Value}'" : $"step {index + 1} of phase '{phase}'";
}
