using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Rendering;
using Lifeline.Core.Plans;
using Lifeline.Core.Time;
using Lifeline.Core.Vocabulary;
using Spectre.Console;

namespace Lifeline.Cli.Commands;

internal static class PlanCommand
{
    public static Command Create(CliServices services)
    {
        var scenario = new Argument<string>("scenario") { Description = "The plan's scenario, e.g. region-failover." };
        var estate = EstateInput.EstateOption();
        var format = new Option<string>("--format") { Description = "tree, mermaid or json.", DefaultValueFactory = _ => "tree" };
        format.AcceptOnlyFromAmong("tree", "mermaid", "json");
        var command = new Command("plan", "Show a plan's phases and step DAG.") { scenario, estate, format };
        command.SetAction(parse =>
        {
            var (loaded, exit) = EstateInput.Load(services, parse.GetValue(estate)!, null, [], GlobalOptions.Json(parse));
            if (loaded is null)
            {
                return exit;
            }

            var name = parse.GetValue(scenario)!;
            if (loaded.FindPlan(name) is not { } plan)
            {
                Terminal.Fail($"no plan for scenario '{name}'{Core.Diagnostics.Suggestions.DidYouMean(name, loaded.Plans.Select(p => p.Scenario))}; expected one of: {string.Join(", ", loaded.Plans.Select(p => p.Scenario))}");
                return ExitCodes.BadInput;
            }

            var chosen = GlobalOptions.Json(parse) ? "json" : parse.GetValue(format);
            switch (chosen)
            {
                case "mermaid":
                    Console.Out.Write(Mermaid(plan));
                    break;
                case "json":
                    Console.Out.WriteLine(Json(plan).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
                    break;
                default:
                    Terminal.Out.Write(Tree(plan));
                    break;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Tree Tree(Plan plan)
    {
        var tree = new Tree($"[bold]{Markup.Escape(plan.Scenario)}[/] ({plan.Severity})");
        foreach (var phase in plan.Phases)
        {
            var node = tree.AddNode($"[blue]{Markup.Escape(phase.Name)}[/] [grey]budget {DurationText.Format(phase.Budget)}[/]");
            foreach (var step in phase.Steps)
            {
                var needs = step.Needs.Count == 0 ? "" : $" [grey]← {Markup.Escape(string.Join(", ", step.Needs))}[/]";
                node.AddNode($"{Markup.Escape(step.Id)} [grey]{WireName.Of(step.Kind)}[/]{needs}");
            }
        }

        return tree;
    }

    private static string Mermaid(Plan plan)
    {
        var sb = new StringBuilder("flowchart TD\n");
        foreach (var phase in plan.Phases)
        {
            sb.Append($"  subgraph {Id(phase.Id)}[\"{phase.Name} ({DurationText.Format(phase.Budget)})\"]\n");
            foreach (var step in phase.Steps)
            {
                sb.Append($"    {Id(step.Id)}[\"{step.Name}\"]\n");
            }

            sb.Append("  end\n");
        }

        foreach (var step in plan.Steps)
        {
            foreach (var need in step.Needs)
            {
                sb.Append($"  {Id(need)} --> {Id(step.Id)}\n");
            }
        }

        for (var i = 1; i < plan.Phases.Count; i++)
        {
            sb.Append($"  {Id(plan.Phases[i - 1].Id)} ==> {Id(plan.Phases[i].Id)}\n");
        }

        return sb.ToString();
    }

    private static string Id(string id) => id.Replace('-', '_');

    private static JsonObject Json(Plan plan) => new()
    {
        ["scenario"] = plan.Scenario,
        ["severity"] = plan.Severity,
        ["phases"] = new JsonArray([.. plan.Phases.Select(p => (JsonNode)new JsonObject
        {
            ["id"] = p.Id,
            ["name"] = p.Name,
            ["budget_s"] = p.Budget.TotalSeconds,
            ["steps"] = new JsonArray([.. p.Steps.Select(s => (JsonNode)new JsonObject
            {
                ["id"] = s.Id,
                ["kind"] = WireName.Of(s.Kind),
                ["needs"] = new JsonArray([.. s.Needs.Select(n => (JsonNode)JsonValue.Create(n))]),
            })]),
        })]),
    };
}
