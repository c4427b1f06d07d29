using System.CommandLine;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Rendering;

namespace Lifeline.Cli.Commands;

internal static class ValidateCommand
{
    public static Command Create(CliServices services)
    {
        var path = new Argument<string>("path") { Description = "Estate directory, its estate.yaml, or one plan file in its plans/ (validates that plan only)." };
        var profile = EstateInput.ProfileOption("Check bindings for this profile only, and warn about steps its providers only describe (default: every declared profile).");
        var inputs = EstateInput.InputsOption();
        var command = new Command("validate", "Check an estate and its plans; report every problem at once.") { path, profile, inputs };
        command.SetAction(parse =>
        {
            var json = GlobalOptions.Json(parse);
            var (loaded, exit) = EstateInput.Load(services, parse.GetValue(path)!, parse.GetValue(profile), parse.GetValue(inputs)!, json, onePlan: true);
            if (loaded is null)
            {
                return exit;
            }

            if (json)
            {
                DiagnosticsRenderer.Write([], json: true);
            }
            else
            {
                var steps = loaded.Plans.Sum(p => p.Steps.Count());
                Console.Out.WriteLine($"{loaded.Estate.Name}: valid ({loaded.Estate.Resources.Count} resources, {loaded.Plans.Count} plan{(loaded.Plans.Count == 1 ? "" : "s")}, {steps} steps)");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
