using System.CommandLine;
using Lifeline.Cli.Hosting;
using Lifeline.Core.Schema;

namespace Lifeline.Cli.Commands;

internal static class SchemaCommand
{
    public static Command Create(CliServices services)
    {
        var kind = new Argument<string>("kind") { Description = "estate or plan.", DefaultValueFactory = _ => "plan" };
        kind.AcceptOnlyFromAmong("estate", "plan");
        var output = new Option<string?>("--out") { Description = "Write estate.schema.json and plan.schema.json into this directory instead." };
        var command = new Command("schema", "Print the JSON Schema of estate or plan files (for editor validation and completion).") { kind, output };
        command.SetAction(parse =>
        {
            if (parse.GetValue(output) is { } directory)
            {
                Directory.CreateDirectory(directory);
                File.WriteAllText(Path.Combine(directory, "estate.schema.json"), SchemaWriter.Estate());
                File.WriteAllText(Path.Combine(directory, "plan.schema.json"), SchemaWriter.Plan());
                Console.Out.WriteLine($"wrote {Path.Combine(directory, "estate.schema.json")} and {Path.Combine(directory, "plan.schema.json")}");
                return ExitCodes.Success;
            }

            Console.Out.WriteLine(parse.GetValue(kind) == "estate" ? SchemaWriter.Estate() : SchemaWriter.Plan());
            return ExitCodes.Success;
        });
        return command;
    }
}
