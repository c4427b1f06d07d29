using System.Globalization;
using System.Text.Json;
using Lifeline.Core.Time;
using Lifeline.Engine.DryRun;
using Lifeline.Engine.Reports;
using Spectre.Console;

namespace Lifeline.Cli.Rendering;

internal static class ReportRenderer
{
    public static void Write(RunReport report, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(report, ReportJson.Default.RunReport));
            return;
        }

        var console = Terminal.Out;
        var colour = report.Status switch { "succeeded" => "green", "waiting" => "yellow", _ => "red" };
        console.MarkupLine($"[bold]Run {report.RunId}[/] {Markup.Escape(report.Scenario)} ({report.Mode}, {Markup.Escape(report.Profile)}): [{colour}]{report.Status}[/]");
        var table = new Table().AddColumns("Phase", "Budget", "Actual", "Status");
        foreach (var phase in report.Phases)
        {
            table.AddRow(
                Markup.Escape(phase.Name),
                Seconds(phase.BudgetS),
                phase.ActualS is { } a ? Seconds(a) : "-",
                phase.Status);
        }

        console.Write(table);
        var objective = report.Rto.ObjectiveS is { } o ? $" of {Seconds(o)} objective ({report.Rto.Tier})" : "";
        var within = report.Rto.WithinObjective switch { true => " [green]within[/]", false => " [red]exceeded[/]", _ => "" };
        console.MarkupLine($"RTO clock: {Seconds(report.Rto.ElapsedS)}{Markup.Escape(objective)}{within}");
        foreach (var warning in report.Warnings)
        {
            console.MarkupLine($"[yellow]{Markup.Escape(warning)}[/]");
        }

        if (report.Reason is not null)
        {
            console.MarkupLine($"[{colour}]{Markup.Escape(report.Reason)}[/]");
        }

        if (report.HalfFinished is { } half)
        {
            console.MarkupLine($"[bold red]{Markup.Escape(char.ToUpperInvariant(half.Summary[0]) + half.Summary[1..])}[/]");
            console.MarkupLine($"[bold]Next:[/] {Markup.Escape(half.NextAction)}");
        }
    }

    public static void Write(DryRunReport report, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(report, ReportJson.Default.DryRunReport));
            return;
        }

        var console = Terminal.Out;
        console.MarkupLine($"[bold]Dry run[/] of {Markup.Escape(report.Scenario)} on {Markup.Escape(report.Estate)} ({Markup.Escape(report.Profile)}): nothing will be executed.");
        var objective = report.RtoObjectiveS is { } o ? $"; RTO objective {Seconds(o)} ({report.RtoTier})" : "";
        console.MarkupLine($"Severity {report.Severity}; phase budgets total {Seconds(report.TotalBudgetS)}{Markup.Escape(objective)}");
        var index = 0;
        foreach (var phase in report.Phases)
        {
            index++;
            console.MarkupLine($"\n[blue]Phase {index}: {Markup.Escape(phase.Name)}[/] (budget {Seconds(phase.BudgetS)}{(phase.Window is null ? "" : $", window {phase.Window}")})");
            foreach (var step in phase.Steps)
            {
                var needs = step.Needs.Count == 0 ? "" : $" [grey]after {Markup.Escape(string.Join(", ", step.Needs))}[/]";
                var provider = step.Provider is null ? "" : $" [grey]via {Markup.Escape(step.Provider)}{(step.ProviderCanExecute == false ? " (described only)" : "")}[/]";
                console.MarkupLine($"  [bold]{Markup.Escape(step.Id)}[/]: {Markup.Escape(step.Does)}{provider}{needs}");
                foreach (var (key, value) in step.Inputs)
                {
                    console.MarkupLine($"      {Markup.Escape(key)} = {Markup.Escape(value)}");
                }

                foreach (var command in step.Commands ?? [])
                {
                    console.MarkupLine($"      [grey]$[/] {Markup.Escape(command)}");
                }
            }
        }

        foreach (var warning in report.Warnings)
        {
            console.MarkupLine($"[yellow]warning: {Markup.Escape(warning)}[/]");
        }
    }

    private static string Seconds(double seconds) => DurationText.Format(TimeSpan.FromSeconds(Math.Round(seconds, seconds < 60 ? 1 : 0, MidpointRounding.AwayFromZero)))
        .ToString(CultureInfo.InvariantCulture);
}
