using System.CommandLine;
using System.Text.Json;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Remote;
using Lifeline.Cli.Rendering;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Reports;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Scheduling;
using Spectre.Console;

namespace Lifeline.Cli.Commands;

/// <summary><c>lifeline runs list|show|resume|approve|reject|retry|mark-done|abort</c>.</summary>
internal static class RunsCommand
{
    public static Command Create(CliServices services)
    {
        var command = new Command("runs", "List, inspect and steer runs.");
        command.Subcommands.Add(List(services));
        command.Subcommands.Add(Show(services));
        command.Subcommands.Add(Resume(services));
        command.Subcommands.Add(Decide(services, "approve", DecisionKind.Approve, "Approve an approval gate, or confirm a manual task, then continue the run."));
        command.Subcommands.Add(Decide(services, "reject", DecisionKind.Reject, "Reject an approval gate (the step fails), then continue the run."));
        command.Subcommands.Add(Decide(services, "retry", DecisionKind.Retry, "Run an interrupted, non-idempotent step again, then continue the run."));
        command.Subcommands.Add(Decide(services, "mark-done", DecisionKind.MarkDone, "Record an interrupted step as done (an operator checked it), then continue the run."));
        command.Subcommands.Add(Abort(services));
        return command;
    }

    private static Argument<string> RunId() => new("run-id") { Description = "The run's id (see lifeline runs list)." };

    private static Option<bool> WaitOption() => new("--wait") { Description = "Wait at approval gates for a decision instead of exiting with code 3." };

    private static Command List(CliServices services)
    {
        var limit = new Option<int>("--limit") { Description = "How many runs, newest first.", DefaultValueFactory = _ => 20 };
        var command = new Command("list", "Recent runs, newest first.") { limit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (RemoteTarget.From(parse) is { } remote)
            {
                return await RemoteRuns.ListAsync(remote, parse.GetValue(limit), GlobalOptions.Json(parse), cancellationToken);
            }

            var (runs, store) = await services.OpenAsync(GlobalOptions.StatePath(parse), cancellationToken);
            await using (store)
            {
                var records = await runs.ListAsync(parse.GetValue(limit), cancellationToken);
                if (GlobalOptions.Json(parse))
                {
                    var reports = new List<RunReport>();
                    foreach (var record in records)
                    {
                        if (await runs.ReportAsync(record.Id, cancellationToken) is { } report)
                        {
                            reports.Add(report);
                        }
                    }

                    Console.Out.WriteLine(JsonSerializer.Serialize<IReadOnlyList<RunReport>>(reports, ReportJson.Default.IReadOnlyListRunReport));
                    return ExitCodes.Success;
                }

                var table = new Table().AddColumns("Run", "Scenario", "Mode", "Profile", "Status", "Started", "By");
                foreach (var run in records)
                {
                    table.AddRow(run.Id, Markup.Escape(run.Scenario), WireName.Of(run.Mode), Markup.Escape(run.Profile), WireName.Of(run.Status), run.StartedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(run.StartedBy));
                }

                Terminal.Out.Write(table);
                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static Command Show(CliServices services)
    {
        var id = RunId();
        var events = new Option<bool>("--events") { Description = "Also print the run's timeline." };
        var command = new Command("show", "A run's phases against their budgets, its RTO clock and, with --events, its timeline.") { id, events };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (RemoteTarget.From(parse) is { } remote)
            {
                return await RemoteRuns.ShowAsync(remote, parse.GetValue(id)!, parse.GetValue(events), GlobalOptions.Json(parse), cancellationToken);
            }

            var (runs, store) = await services.OpenAsync(GlobalOptions.StatePath(parse), cancellationToken);
            await using (store)
            {
                var runId = parse.GetValue(id)!;
                if (await runs.ReportAsync(runId, cancellationToken) is not { } report)
                {
                    Terminal.Fail($"no run '{runId}'; see lifeline runs list");
                    return ExitCodes.BadInput;
                }

                ReportRenderer.Write(report, GlobalOptions.Json(parse));
                if (parse.GetValue(events) && !GlobalOptions.Json(parse))
                {
                    foreach (var e in await runs.EventsAsync(runId, cancellationToken))
                    {
                        Console.Out.WriteLine($"{e.At:HH:mm:ss.fff} {e.Kind,-17} {e.StepId ?? e.PhaseId ?? "",-24} {e.Message}");
                    }
                }

                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static Command Resume(CliServices services)
    {
        var id = RunId();
        var wait = WaitOption();
        var sandbox = DrillSandbox.Option();
        var command = new Command("resume", "Continue an interrupted or waiting run; finished steps are not run again.") { id, wait, sandbox };
        command.SetAction(async (parse, cancellationToken) => RemoteTarget.From(parse) is { } remote
            ? await RemoteRuns.ResumeAsync(remote, parse.GetValue(id)!, parse.GetValue(wait), GlobalOptions.Json(parse), cancellationToken)
            : await ResumeAsync(services, parse, parse.GetValue(id)!, parse.GetValue(wait), parse.GetValue(sandbox), cancellationToken));
        return command;
    }

    private static Command Decide(CliServices services, string name, DecisionKind kind, string description)
    {
        var id = RunId();
        var step = new Argument<string>("step") { Description = "The step's id." };
        var who = new Option<string?>("--as") { Description = "Who decides (default: $LIFELINE_USER or the login name)." };
        var reason = new Option<string?>("--reason") { Description = "Why; kept in the audit trail." };
        var noResume = new Option<bool>("--no-resume") { Description = "Only record the decision; do not continue the run here." };
        var wait = WaitOption();
        var sandbox = DrillSandbox.Option();
        var command = new Command(name, description) { id, step, who, reason, noResume, wait, sandbox };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var runId = parse.GetValue(id)!;
            if (RemoteTarget.From(parse) is { } remote)
            {
                // Every decision goes to the server, which applies the same rules as for its API and dashboard.
                if (parse.GetValue(who) is not null)
                {
                    Terminal.Fail("--as does not apply with --server: the API token says who decides");
                    return ExitCodes.BadInput;
                }

                return await RemoteRuns.DecideAsync(remote, name, runId, parse.GetValue(step)!, parse.GetValue(reason), parse.GetValue(wait), GlobalOptions.Json(parse), cancellationToken);
            }

            var (runs, store) = await services.OpenAsync(GlobalOptions.StatePath(parse), cancellationToken);
            await using (store)
            {
                var error = await runs.DecideAsync(runId, parse.GetValue(step), kind, Operator.Name(parse.GetValue(who)), parse.GetValue(reason), cancellationToken);
                if (error is not null)
                {
                    Terminal.Fail(error);
                    return ExitCodes.BadInput;
                }
            }

            Console.Error.WriteLine($"{name}: recorded for {parse.GetValue(step)} in run {runId}");
            return parse.GetValue(noResume) ? ExitCodes.Success : await ResumeAsync(services, parse, runId, parse.GetValue(wait), parse.GetValue(sandbox), cancellationToken, afterDecision: true);
        });
        return command;
    }

    private static Command Abort(CliServices services)
    {
        var id = RunId();
        var who = new Option<string?>("--as") { Description = "Who aborts (default: $LIFELINE_USER or the login name)." };
        var reason = new Option<string?>("--reason") { Description = "Why; kept in the audit trail." };
        var command = new Command("abort", "Stop a run: its running steps are cancelled (within about a second) and nothing new starts.") { id, who, reason };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (RemoteTarget.From(parse) is { } remote)
            {
                if (parse.GetValue(who) is not null)
                {
                    Terminal.Fail("--as does not apply with --server: the API token says who aborts");
                    return ExitCodes.BadInput;
                }

                return await RemoteRuns.AbortAsync(remote, parse.GetValue(id)!, parse.GetValue(reason), cancellationToken);
            }

            var (runs, store) = await services.OpenAsync(GlobalOptions.StatePath(parse), cancellationToken);
            await using (store)
            {
                var runId = parse.GetValue(id)!;
                var error = await runs.DecideAsync(runId, null, DecisionKind.Abort, Operator.Name(parse.GetValue(who)), parse.GetValue(reason), cancellationToken);
                if (error is not null)
                {
                    Terminal.Fail(error);
                    return ExitCodes.BadInput;
                }

                Console.Error.WriteLine($"abort recorded for run {runId}");
                return ExitCodes.Success;
            }
        });
        return command;
    }

    /// <summary>Resumes a run; a drill reads its sandbox's settings again (<c>--sandbox</c>, else the default sandbox).</summary>
    private static async Task<int> ResumeAsync(CliServices services, ParseResult parse, string runId, bool wait, string? sandbox, CancellationToken cancellationToken, bool afterDecision = false)
    {
        var json = GlobalOptions.Json(parse);
        var store = await services.OpenStateAsync(GlobalOptions.StatePath(parse), cancellationToken);
        await using (store)
        {
            // (an unknown run is reported by the resume itself)
            var run = await store.Store.GetRunAsync(runId, cancellationToken);
            var environment = run is null ? CliServices.ProcessEnvironment : await DrillSandbox.EnvironmentAsync(services, run.Mode, sandbox, cancellationToken);
            if (environment is null)
            {
                return ExitCodes.BadInput;
            }

            var runs = services.Runs(store, environment);
            var observer = new ProgressRenderer(Terminal.Progress(json), _ => null);
            var outcome = await runs.ResumeAsync(runId, RunBehaviour.Default with { WaitForDecisions = wait }, observer, cancellationToken);
            if (outcome.Busy && afterDecision)
            {
                Console.Error.WriteLine($"run {runId} is executing in another process, which will continue with this decision");
                return ExitCodes.Success;
            }

            return RunCommand.Finish(outcome, json);
        }
    }
}
