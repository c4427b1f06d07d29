using System.CommandLine;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Rendering;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Monitoring.Remote;
using Lifeline.Engine.Secrets;

namespace Lifeline.Cli.Commands;

/// <summary><c>lifeline agents add|list|remove</c>: the credentials agents present to <c>lifeline monitor --listen</c>, one per vantage name.</summary>
internal static class AgentsCommand
{
    public static Command Create(CliServices services)
    {
        var command = new Command("agents", "Manage agents' credentials: each speaks for one vantage name.");
        command.Subcommands.Add(Add(services));
        command.Subcommands.Add(List(services));
        command.Subcommands.Add(Remove(services));
        return command;
    }

    private static Command Add(CliServices services)
    {
        var name = new Argument<string>("name") { Description = "The agent's vantage name (what it passes as --vantage)." };
        var command = new Command("add", "Issue a credential for an agent. It is printed once and stored only as a hash.") { name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await AgentCredentialStore.OpenAsync(GlobalOptions.StatePath(parse), services.Time, cancellationToken);
            var (token, error) = await store.AddAsync(parse.GetValue(name)!, cancellationToken);
            if (token is null)
            {
                Terminal.Fail(error!);
                return ExitCodes.BadInput;
            }

            await AuditAsync(services, parse, "agents.add", $"credential issued for agent '{parse.GetValue(name)}'", cancellationToken);
            Console.Out.WriteLine(token);
            Console.Error.WriteLine($"credential for agent {parse.GetValue(name)}: shown once; give it to the agent as LIFELINE_AGENT_TOKEN (or --token)");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(CliServices services)
    {
        var command = new Command("list", "Agents that hold a credential.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await AgentCredentialStore.OpenAsync(GlobalOptions.StatePath(parse), services.Time, cancellationToken);
            foreach (var (vantage, createdAt) in await store.ListAsync(cancellationToken))
            {
                Console.Out.WriteLine($"{vantage,-24} since {createdAt:u}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Remove(CliServices services)
    {
        var name = new Argument<string>("name") { Description = "The agent's vantage name." };
        var command = new Command("remove", "Remove an agent's credential; the listener refuses its next report.") { name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await AgentCredentialStore.OpenAsync(GlobalOptions.StatePath(parse), services.Time, cancellationToken);
            if (!await store.RemoveAsync(parse.GetValue(name)!, cancellationToken))
            {
                Terminal.Fail($"agent '{parse.GetValue(name)}' has no credential; see lifeline agents list");
                return ExitCodes.BadInput;
            }

            await AuditAsync(services, parse, "agents.remove", $"credential of agent '{parse.GetValue(name)}' removed", cancellationToken);
            Console.Error.WriteLine($"credential of agent {parse.GetValue(name)} removed");
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task AuditAsync(CliServices services, ParseResult parse, string action, string detail, CancellationToken cancellationToken)
    {
        var (_, state) = await services.OpenAsync(GlobalOptions.StatePath(parse), cancellationToken);
        await using (state)
        {
            await state.Audit.AppendAsync(AuditEntry.Create(Operator.Name(null), action, detail, new Redactor()), cancellationToken);
        }
    }
}
