using System.CommandLine;
using Lifeline.Cli.Hosting;

namespace Lifeline.Cli.Commands;

/// <summary><c>lifeline incident publish ID --title</c>: an incident is private until published.</summary>
internal static partial class IncidentCommand
{
    private static Command Publish(CliServices services)
    {
        var id = IncidentId();
        var title = new Option<string>("--title") { Description = "The public title shown on the status page (the incident's own title stays internal).", Required = true };
        var who = As();
        var command = new Command("publish", "Show the incident on the public status page under a public title; audited.") { id, title, who };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (incidents, _, store) = await services.OpenIncidentsAsync(GlobalOptions.StatePath(parse), cancellationToken);
            await using (store)
            {
                var (entry, error) = await incidents.PublishAsync(parse.GetValue(id)!, parse.GetValue(title)!, Operator.Name(parse.GetValue(who)), cancellationToken);
                return Done(error, $"#{entry?.Sequence} {parse.GetValue(id)} is public as \"{entry?.Text}\"");
            }
        });
        return command;
    }
}
