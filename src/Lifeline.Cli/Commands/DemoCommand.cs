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
/// The main job: a real two-region sandbox taken down and brought back by the Axis Imaging region-failover plan,
/// with RTO measured by the clock and RPO by counting acknowledged writes.
/// </summary>
internal static class DemoCommand
{
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
        var fault = new Option<string>("--fault") { Description = "primary-site (SIGKILL of the primary site) or partition-site (its packets dropped: connections time out).", DefaultValueFactory = _ => "primary-site" };
        fault.AcceptOnlyFromAmong("primary-site", "partition-site");
        var channels = new ExtraChannelOptions();
        var command = new Command("demo", "Take a real two-region sandbox down and recover it with the region-failover plan; report measured RTO and RPO.")
        {
            estate, json, keep, sync, window, directory, rate, dryRun, auto, probeInterval, fault,
        };
        channels.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var asJson = GlobalOptions.Json(parse);
            if (parse.GetValue(dryRun))
            {
                return await DryRunAsync(services, parse.GetValue(estate)!, GlobalOptions.StatePath(parse), asJson, cancellationToken);
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
                parse.GetValue(rate)) { ExtraChannels = extra, Auto = parse.GetValue(auto), ProbeInterval = every, FaultName = parse.GetValue(fault)! };
            var progress = new Progress<string>(line => Console.Error.WriteLine($"demo: {line}"));
            var observer = RunCommand.Progress(LoadedForProgress(services, options.EstateDirectory), DemoOptions.Scenario, asJson);
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

    private static async Task<int> DryRunAsync(CliServices services, string estate, string statePath, bool json, CancellationToken cancellationToken)
    {
        var (loaded, exit) = EstateInput.Load(services, estate, "production", [], json);
        if (loaded is null)
        {
            return exit;
        }

        var request = new StartRunRequest(loaded, DemoOptions.Scenario, RunMode.DryRun, "production", new Dictionary<string, string>(), RunBehaviour.Default, Operator.Name(null));
        return await RunCommand.ExecuteAsync(services, request, statePath, CliServices.ProcessEnvironment, json, cancellationToken);
    }
}
