using System.CommandLine;
using System.Text.Json;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Rendering;
using Lifeline.Core.Providers;
using Lifeline.Core.Time;
using Lifeline.Engine.Scheduling;
using Lifeline.Sandbox.Demo;

namespace Lifeline.Cli.Commands;

/// <summary>
/// The main job: a real sandbox built from the estate, taken down by a drill scenario's faults and brought back by its
/// plan (by default the first of the estate's <c>sandbox.scenarios</c>: Axis Imaging's region failover), with RTO
/// measured by the clock and RPO by counting acknowledged writes.
/// </summary>
internal static class DemoCommand
{
    private const string Production = "production";

    public static Command Create(CliServices services)
    {
        var estate = new Option<string>("--estate", "-e") { Description = "Estate directory.", DefaultValueFactory = _ => "examples/axis-imaging" };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file." };
        var keep = new Option<bool>("--keep") { Description = "Leave the sandbox running afterwards." };
        var sync = new Option<bool>("--sync") { Description = "Synchronous replication: no acknowledged write may be lost." };
        var window = new Option<string>("--criteria-window") { Description = "The failover criterion (the runbook's 30m), shortened for a drill.", DefaultValueFactory = _ => "2s" };
        var directory = new Option<string?>("--dir") { Description = "Sandbox directory (default: a new one under /tmp)." };
        var rate = new Option<double>("--rate") { Description = "Patient writes per second through DNS.", DefaultValueFactory = _ => 20 };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only show what the plan would do against production; start nothing." };
        var auto = new Option<bool>("--auto") { Description = "Let lifeline monitor detect the outage and start the recovery (decision policy auto), instead of a scripted start." };
        var probeInterval = new Option<string>("--probe-interval") { Description = "With --auto: the monitor's probe interval.", DefaultValueFactory = _ => "1s" };
        var fault = new Option<string?>("--fault") { Description = "Instead of the scenario's faults: primary-site (SIGKILL of the primary site) or partition-site (its packets dropped: connections time out)." };
        var scenario = new Option<string?>("--scenario", "-s") { Description = "The drill scenario: an entry of the estate's sandbox.scenarios (default: its first)." };
        fault.AcceptOnlyFromAmong("primary-site", "partition-site");
        var channels = new ExtraChannelOptions();
        var command = new Command("demo", "Drill a scenario of the estate on a real sandbox: apply its faults, recover with its plan, report measured RTO and RPO.")
        {
            estate, scenario, json, keep, sync, window, directory, rate, dryRun, auto, probeInterval, fault,
        };
        channels.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var asJson = GlobalOptions.Json(parse);
            if (parse.GetValue(dryRun))
            {
                return await DryRunAsync(services, parse.GetValue(estate)!, parse.GetValue(scenario), GlobalOptions.StatePath(parse), asJson, cancellationToken);
            }

            if (!DurationText.TryParse(parse.GetValue(window), out var criteria))
            {
                Terminal.Fail($"--criteria-window '{parse.GetValue(window)}' is not a duration; expected {DurationText.Expected}");
                return ExitCodes.BadInput;
            }

            if (!DurationText.TryParse(parse.GetValue(probeInterval), out var every) || every <= TimeSpan.Zero)
            {
                Terminal.Fail($"--probe-interval '{parse.GetValue(probeInterval)}' is not a positive duration; expected {DurationText.Expected}");
                return ExitCodes.BadInput;
            }

            var (extra, channelError) = channels.Read(parse, LoadedForProgress(services, parse.GetValue(estate)!).Estate);
            if (extra is null)
            {
                Terminal.Fail(channelError!);
                return ExitCodes.BadInput;
            }

            var options = new DemoOptions(
                parse.GetValue(estate)!,
                parse.GetValue(directory) ?? Path.Combine(Path.GetTempPath(), "lifeline-demo-" + Guid.NewGuid().ToString("N")[..8]),
                GlobalOptions.StatePath(parse),
                parse.GetValue(sync),
                parse.GetValue(keep),
                criteria,
                parse.GetValue(rate))
            {
                ExtraChannels = extra,
                Auto = parse.GetValue(auto),
                ProbeInterval = every,
                FaultName = parse.GetValue(fault),
                ScenarioName = parse.GetValue(scenario),
            };
            var progress = new Progress<string>(line => Console.Error.WriteLine($"demo: {line}"));
            var observer = Progress(LoadedForProgress(services, options.EstateDirectory), options.ScenarioName, asJson);
            var (report, error) = await new DemoDrill(services.Providers, services.Time).RunAsync(options, progress, observer, cancellationToken);
            if (report is null)
            {
                Terminal.Fail(error ?? "the demo could not run");
                return ExitCodes.BadInput;
            }

            var text = JsonSerializer.Serialize(report, DemoJson.Default.DemoReport);
            if (parse.GetValue(json) is { } file)
            {
                await File.WriteAllTextAsync(file, text + "\n", cancellationToken);
            }

            if (asJson)
            {
                Console.Out.WriteLine(text);
            }
            else
            {
                Console.Out.Write(DemoMarkdown.Render(report));
            }

            return report.Status == "succeeded" ? ExitCodes.Success : ExitCodes.RunFailed;
        });
        return command;
    }

    private static Core.PlanFiles.LoadedEstate LoadedForProgress(CliServices services, string estate)
    {
        var (sources, _) = Core.PlanFiles.EstateSources.Read(estate);
        var (loaded, _) = sources is null ? (null, []) : Core.PlanFiles.EstateLoader.Load(sources, new Core.PlanFiles.LoadOptions("sandbox", new Dictionary<string, string>(), services.Providers));
        return loaded ?? new Core.PlanFiles.LoadedEstate(
            new Core.Estates.Estate("", "", [], [], [], Core.Estates.Objectives.None, [], [], [], Core.Diagnostics.SourceLocation.None),
            [],
            new Core.PlanFiles.EstateSources(estate, estate, new Dictionary<string, string>()));
    }

    /// <summary>Progress lines for every plan the drill runs, with the budgets of the phases of the scenario asked for first.</summary>
    private static Engine.Runs.IRunObserver Progress(Core.PlanFiles.LoadedEstate loaded, string? scenario, bool json)
    {
        var (chain, _) = DemoScenarios.Resolve(loaded.Estate, loaded.Sources.EstateFile, scenario);
        var plans = (chain ?? []).Reverse().Select(s => loaded.FindPlan(s.Plan)).OfType<Core.Plans.Plan>().ToList();
        return new ProgressRenderer(Terminal.Progress(json), phase => plans.SelectMany(p => p.Phases).FirstOrDefault(p => p.Id == phase)?.Budget);
    }

    /// <summary>What the drill would do in the sandbox, then each of its plans dry-run against production; nothing is started.</summary>
    private static async Task<int> DryRunAsync(CliServices services, string estate, string? scenario, string statePath, bool json, CancellationToken cancellationToken)
    {
        var (loaded, exit) = EstateInput.Load(services, estate, null, [], json);
        if (loaded is null)
        {
            return exit;
        }

        var (chain, error) = DemoScenarios.Resolve(loaded.Estate, loaded.Sources.EstateFile, scenario);
        if (chain is null)
        {
            Terminal.Fail(error!);
            return ExitCodes.BadInput;
        }

        var lines = json ? Console.Error : Console.Out;
        lines.WriteLine($"demo --dry-run: sandbox up from {loaded.Sources.EstateFile}, then in order:");
        foreach (var line in DemoScenarios.Describe(chain))
        {
            lines.WriteLine($"  {line}");
        }

        if (!loaded.Estate.Profiles.Contains(Production))
        {
            lines.WriteLine($"then the sandbox down. The estate has no {Production} profile to dry-run the plans against.");
            return ExitCodes.Success;
        }

        lines.WriteLine($"then the sandbox down. The plans against {Production}, dry-run:");
        (loaded, exit) = EstateInput.Load(services, estate, Production, [], json);
        if (loaded is null)
        {
            return exit;
        }

        var result = ExitCodes.Success;
        foreach (var plan in chain.Select(s => s.Plan).Distinct(StringComparer.Ordinal))
        {
            var request = new StartRunRequest(loaded, plan, RunMode.DryRun, Production, new Dictionary<string, string>(), RunBehaviour.Default, Operator.Name(null));
            var code = await RunCommand.ExecuteAsync(services, request, statePath, CliServices.ProcessEnvironment, json, cancellationToken);
            result = result == ExitCodes.Success ? code : result;
        }

        return result;
    }
}
