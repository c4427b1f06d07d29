using System.CommandLine;
using Lifeline.Cli.Hosting;
using Lifeline.Core.Providers;
using Lifeline.Engine.Scheduling;

namespace Lifeline.Cli.Commands;

/// <summary>The main job. Until the sandbox lands, a dry-run of the Axis Imaging region failover.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var estate = new Option<string>("--estate", "-e") { Description = "Estate directory.", DefaultValueFactory = _ => "examples/axis-imaging" };
        var command = new Command("demo", "Run the Axis Imaging region-failover plan as a dry-run.") { estate };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = GlobalOptions.Json(parse);
            var (loaded, exit) = EstateInput.Load(parse.GetValue(estate)!, "production", [], json);
            if (loaded is null)
            {
                return exit;
            }

            var request = new StartRunRequest(loaded, "region-failover", RunMode.DryRun, "production", new Dictionary<string, string>(), RunBehaviour.Default, Operator.Name(null));
            return await RunCommand.ExecuteAsync(request, GlobalOptions.StatePath(parse), json, cancellationToken);
        });
        return command;
    }
}
