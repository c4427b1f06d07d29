using System.CommandLine;
using System.Globalization;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Remote;
using Lifeline.Cli.Rendering;
using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Scheduling;
using Lifeline.Server.Apis;

namespace Lifeline.Cli.Commands;

internal static class RunCommand
{
    public static Command Create(CliServices services)
    {
        var scenario = new Argument<string>("scenario") { Description = "The plan's scenario, e.g. region-failover." };
        var estate = EstateInput.EstateOption();
        var mode = new Option<string>("--mode", "-m") { Description = string.Join(", ", WireName.All<RunMode>()) + ".", DefaultValueFactory = _ => WireName.Of(RunMode.DryRun) };
        mode.AcceptOnlyFromAmong([.. WireName.All<RunMode>()]);
        var profile = EstateInput.ProfileOption("Bindings to use (default: production for live and dry-run, sandbox for drill).");
        var inputs = EstateInput.InputsOption();
        var yes = new Option<bool>("--yes", "-y") { Description = "Confirm a live run without a prompt." };
        var since = new Option<string?>("--since") { Description = "Start the RTO clock at the incident's start (ISO 8601), not now." };
        var autoApprove = new Option<bool>("--auto-approve") { Description = "Drill only: grant approval gates and manual tasks automatically (recorded as such)." };
        var wait = new Option<bool>("--wait") { Description = "Wait at approval gates for a decision instead of exiting with code 3." };
        var sandbox = DrillSandbox.Option();
        var command = new Command("run", "Run a scenario's plan.") { scenario, estate, mode, profile, inputs, yes, since, autoApprove, wait, sandbox };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = GlobalOptions.Json(parse);
            var runMode = WireName.Parse<RunMode>(parse.GetValue(mode)!);
            var chosenProfile = parse.GetValue(profile) ?? (runMode == RunMode.Drill ? "sandbox" : "production");
            if (parse.GetValue(autoApprove) && runMode == RunMode.Live)
            {
                Terminal.Fail("--auto-approve is for drills; a live run's gates need people");
                return ExitCodes.BadInput;
            }

            DateTimeOffset? clockStart = null;
            if (parse.GetValue(since) is { } sinceText)
            {
                if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    Terminal.Fail($"--since '{sinceText}' is not a time; expected ISO 8601 such as 2026-11-23T03:12:00Z");
                    return ExitCodes.BadInput;
                }

                clockStart = parsed;
            }

            if (RemoteTarget.From(parse) is { } remote)
            {
                var body = new StartRunBody(parse.GetValue(estate)!, parse.GetValue(scenario)!, parse.GetValue(mode)!, parse.GetValue(profile), EstateInput.ParseInputs(parse.GetValue(inputs)!), clockStart, parse.GetValue(autoApprove), null);
                return await StartRemoteAsync(remote, body, parse.GetValue(yes), parse.GetValue(wait), json, cancellationToken);
            }

            var (loaded, exit) = EstateInput.Load(services, parse.GetValue(estate)!, chosenProfile, parse.GetValue(inputs)!, json);
            if (loaded is null)
            {
                return exit;
            }

            var name = parse.GetValue(scenario)!;
            if (loaded.FindPlan(name) is null)
            {
                Terminal.Fail($"no plan for scenario '{name}'{Core.Diagnostics.Suggestions.DidYouMean(name, loaded.Plans.Select(p => p.Scenario))}; expected one of: {string.Join(", ", loaded.Plans.Select(p => p.Scenario))}");
                return ExitCodes.BadInput;
            }

            if (runMode == RunMode.Live && !parse.GetValue(yes) && !Confirm(name, loaded))
            {
                return ExitCodes.BadInput;
            }

            var request = new StartRunRequest(
                loaded,
                name,
                runMode,
                chosenProfile,
                Inputs(parse.GetValue(inputs)!),
                RunBehaviour.Default with { AutoApprove = parse.GetValue(autoApprove), WaitForDecisions = parse.GetValue(wait) },
                Operator.Name(null),
                clockStart);
            if (await DrillSandbox.EnvironmentAsync(services, runMode, parse.GetValue(sandbox), cancellationToken) is not { } environment)
            {
                return ExitCodes.BadInput;
            }

            return await ExecuteAsync(services, request, GlobalOptions.StatePath(parse), environment, json, cancellationToken);
        });
        return command;
    }

    /// <summary>With <c>--server</c>: <c>--estate</c> names an estate the server serves; the run executes there and this follows it.</summary>
    private static async Task<int> StartRemoteAsync(RemoteTarget remote, StartRunBody body, bool yes, bool wait, bool json, CancellationToken cancellationToken)
    {
        if (body.Mode == "live")
        {
            if (!yes && !ConfirmRemote(body.Scenario, body.Estate, remote))
            {
                return ExitCodes.BadInput;
            }

            body = body with { Confirm = body.Scenario };
        }

        return await RemoteRuns.StartAsync(remote, body, wait, json, cancellationToken);
    }

    private static bool ConfirmRemote(string scenario, string estate, RemoteTarget remote)
    {
        if (Console.IsInputRedirected)
        {
            Terminal.Fail("a live run changes production; pass --yes to confirm when not at a terminal");
            return false;
        }

        Console.Error.Write($"Live run of {scenario} against {estate} (production) on {remote.Name}. Type the scenario name to confirm: ");
        if (Console.ReadLine()?.Trim() == scenario)
        {
            return true;
        }

        Terminal.Fail("not confirmed; nothing was run");
        return false;
    }

    internal static async Task<int> ExecuteAsync(CliServices services, StartRunRequest request, string statePath, Func<string, string?> environment, bool json, CancellationToken cancellationToken)
    {
        var (runs, store) = await services.OpenAsync(statePath, environment, cancellationToken);
        await using (store)
        {
            if (request.Mode == RunMode.DryRun)
            {
                ReportRenderer.Write(runs.DryRun(request), json);
                return ExitCodes.Success;
            }

            var outcome = await runs.StartAsync(request, Progress(request.Estate, request.Scenario, json), cancellationToken);
            return Finish(outcome, json);
        }
    }

    internal static IRunObserver Progress(LoadedEstate estate, string scenario, bool json)
    {
        var plan = estate.FindPlan(scenario);
        return new ProgressRenderer(Terminal.Progress(json), phase => plan?.Phases.FirstOrDefault(p => p.Id == phase)?.Budget);
    }

    internal static int Finish(RunOutcome outcome, bool json)
    {
        if (outcome.Report is null)
        {
            Terminal.Fail(outcome.Error ?? "the run could not be carried out");
            return outcome.ExitCode;
        }

        ReportRenderer.Write(outcome.Report, json);
        return outcome.Report.ExitCode;
    }

    private static Dictionary<string, string> Inputs(string[] values) =>
        values.Select(v => v.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    private static bool Confirm(string scenario, LoadedEstate estate)
    {
        if (Console.IsInputRedirected)
        {
            Terminal.Fail("a live run changes production; pass --yes to confirm when not at a terminal");
            return false;
        }

        Console.Error.Write($"Live run of {scenario} against {estate.Estate.Name} (production). Type the scenario name to confirm: ");
        var answer = Console.ReadLine();
        if (answer?.Trim() == scenario)
        {
            return true;
        }

        Terminal.Fail("not confirmed; nothing was run");
        return false;
    }
}
